package dev.guard.auth;

import static dev.guard.auth.SeedWorld.BUCKET;
import static dev.guard.auth.SeedWorld.DEVELOPMENT;
import static dev.guard.auth.SeedWorld.STAGING;
import static dev.guard.auth.SeedWorld.plan;
import static dev.guard.auth.SeedWorld.planned;
import static dev.guard.auth.SeedWorld.privilegedRole;
import static dev.guard.auth.SeedWorld.refused;
import static dev.guard.auth.SeedWorld.step;
import static org.assertj.core.api.Assertions.assertThat;

import dev.guard.auth.Acquisition.AssumeRole;
import dev.guard.runbook.AuthMode;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Steps with {@code mfa.required: false} (DESIGN.md §2): no prompt unless another step needs one. */
class MfaNotRequiredTest {

    @Test
    void aRoleTargetWithoutMfaIsAssumedWithoutACode() {
        CredentialPlan plan = planned(plan(
                step("t").inDevelopment().withPrivilegedRole().mfaNotRequired().build()));

        assertThat(plan.step("t").strategy()).isEqualTo(Strategy.ASSUME_ROLE);
        assertThat(plan.step("t").reason())
                .isEqualTo("development (222222222222) is another account; mfa.required is false, so guard assumes"
                        + " PrivilegedActionsRole without MFA.");
        assertThat(plan.acquisitions())
                .containsExactly(new AssumeRole(privilegedRole(DEVELOPMENT), 3_600, Optional.empty(), false, false));
        assertThat(plan.mfaPrompts()).isZero();
    }

    @Test
    void theOwnAccountWithoutMfaUsesTheBaseCredentialsAndNoStsCall() {
        CredentialPlan plan =
                planned(plan(step("t").inIdentity().mfaNotRequired().build()));

        assertThat(plan.step("t").strategy()).isEqualTo(Strategy.BASE_CREDENTIALS);
        assertThat(plan.step("t").reason())
                .isEqualTo("identity (111111111111) is your own account and mfa.required is false, so guard uses"
                        + " your base credentials as they are.");
        assertThat(plan.acquisitions()).isEmpty();
        assertThat(plan.mfaPrompts()).isZero();
        assertThat(plan.notes()).isEmpty();
    }

    @Test
    void explicitSessionTokenWithoutMfaUsesTheBaseCredentials() {
        CredentialPlan plan = planned(plan(step("t")
                .inIdentity()
                .auth(AuthMode.SESSION_TOKEN)
                .mfaNotRequired()
                .build()));

        assertThat(plan.step("t").strategy()).isEqualTo(Strategy.BASE_CREDENTIALS);
        assertThat(plan.acquisitions()).isEmpty();
    }

    @Test
    void anMfaBucketCannotBeUsedWithMfaNotRequired() {
        assertThat(refused(plan(step("put")
                        .inProduction()
                        .bucket(BUCKET)
                        .mfaNotRequired()
                        .build())))
                .singleElement()
                .satisfies(r -> {
                    assertThat(r.problem()).isEqualTo(CredentialRefusal.Problem.INPUT);
                    assertThat(r.message())
                            .startsWith("bucket guard-protected-artifacts grants access through its bucket policy"
                                    + " only with MFA, so mfa.required: false cannot work for it");
                });
    }

    @Test
    void aStepWithoutMfaReusesTheMfaSessionOfItsRoleInsteadOfASecondAssumeRole() {
        CredentialPlan plan = planned(plan(
                step("describe")
                        .inDevelopment()
                        .withPrivilegedRole()
                        .mfaNotRequired()
                        .build(),
                step("terminate").inDevelopment().withPrivilegedRole().build()));

        assertThat(plan.acquisitions())
                .singleElement()
                .satisfies(a -> assertThat(a.promptsForMfa()).isTrue());
        assertThat(plan.step("describe").strategy()).isEqualTo(Strategy.ASSUME_ROLE_WITH_MFA);
        assertThat(plan.step("describe").reason())
                .contains("mfa.required is false for this step, but guard assumes PrivilegedActionsRole with your"
                        + " MFA code for other steps and reuses that session");
    }

    @Test
    void aRoleWithoutMfaBesideAChainedRunIsAssumedDirectlyWithoutMfa() {
        CredentialPlan plan = planned(plan(
                step("a").inDevelopment().withPrivilegedRole().build(),
                step("b").inProduction().bucket(BUCKET).build(),
                step("c").inStaging().withPrivilegedRole().mfaNotRequired().build()));

        assertThat(plan.acquisitions())
                .last()
                .isEqualTo(new AssumeRole(privilegedRole(STAGING), 3_600, Optional.empty(), false, false));
        assertThat(plan.step("c").strategy()).isEqualTo(Strategy.ASSUME_ROLE);
        assertThat(plan.mfaPrompts()).isEqualTo(1);
    }

    @Test
    void aRunWhereNoStepNeedsMfaHasNoPromptAndNoMfaNotes() {
        CredentialPlan plan = CredentialPlanner.plan(
                        java.util.List.of(
                                step("a")
                                        .inDevelopment()
                                        .withPrivilegedRole()
                                        .mfaNotRequired()
                                        .build(),
                                step("b").inIdentity().mfaNotRequired().build()),
                        SeedWorld.ALICE,
                        MfaDevice.discoveredAtRunTime(),
                        SessionDurations.DEFAULTS)
                .planOrThrow();

        assertThat(plan.mfaPrompts()).isZero();
        assertThat(plan.notes()).noneMatch(n -> n.contains("MFA"));
    }
}
