package dev.guard.auth;

import static dev.guard.auth.SeedWorld.ALICE_DEVICE;
import static dev.guard.auth.SeedWorld.BUCKET;
import static dev.guard.auth.SeedWorld.SOFIA;
import static dev.guard.auth.SeedWorld.plan;
import static dev.guard.auth.SeedWorld.planned;
import static dev.guard.auth.SeedWorld.privilegedRole;
import static dev.guard.auth.SeedWorld.step;
import static org.assertj.core.api.Assertions.assertThat;

import dev.guard.auth.Acquisition.AssumeRole;
import dev.guard.auth.Acquisition.GetSessionToken;
import dev.guard.runbook.AuthMode;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The per-step credential rules of DESIGN.md §1.1–§1.3, on the seeded world. */
class CredentialPlannerTest {

    @Test
    void aCrossAccountRoleIsAssumedWithMfaDirectly() {
        CredentialPlan plan = planned(
                plan(step("terminate").inDevelopment().withPrivilegedRole().build()));

        StepCredentials terminate = plan.step("terminate");
        assertThat(terminate.strategy()).isEqualTo(Strategy.ASSUME_ROLE_WITH_MFA);
        assertThat(terminate.roleArn()).contains(privilegedRole(SeedWorld.DEVELOPMENT));
        assertThat(plan.acquisitions())
                .containsExactly(new AssumeRole(
                        privilegedRole(SeedWorld.DEVELOPMENT),
                        3600,
                        Optional.of(SeedWorld.ALICE_DEVICE_ARN),
                        true,
                        false));
        assertThat(plan.mfaPrompts()).isEqualTo(1);
    }

    @Test
    void aCrossAccountReasonNamesTheAccountAndTheRoleAndTheTrustPolicy() {
        CredentialPlan plan = planned(
                plan(step("terminate").inDevelopment().withPrivilegedRole().build()));

        assertThat(plan.step("terminate").reason())
                .isEqualTo("development (222222222222) is another account; PrivilegedActionsRole's trust policy"
                        + " requires MFA, so guard assumes it with your MFA code.");
    }

    @Test
    void anMfaBucketPolicyGetsAGetSessionTokenSessionEvenWhenARoleIsSet() {
        CredentialPlan plan = planned(plan(step("replace")
                .inProduction()
                .withPrivilegedRole()
                .bucket(BUCKET)
                .build()));

        StepCredentials replace = plan.step("replace");
        assertThat(replace.strategy()).isEqualTo(Strategy.SESSION_TOKEN_WITH_MFA);
        assertThat(replace.roleArn()).isEmpty();
        assertThat(plan.acquisitions())
                .containsExactly(new GetSessionToken(Optional.of(SeedWorld.ALICE_DEVICE_ARN), 43200, true));
    }

    @Test
    void assumeRoleCredentialsAreNeverUsedForAnMfaBucketPolicy() {
        CredentialPlan plan = planned(plan(step("replace")
                .inProduction()
                .withPrivilegedRole()
                .bucket(BUCKET)
                .build()));

        assertThat(plan.acquisitions()).noneMatch(a -> a instanceof AssumeRole);
        assertThat(plan.step("replace").reason())
                .isEqualTo("bucket guard-protected-artifacts in production (444444444444) grants access through its"
                        + " bucket policy only with MFA; role credentials carry no MFA context, so guard uses your"
                        + " own GetSessionToken(MFA) session instead of PrivilegedActionsRole.");
    }

    @Test
    void anMfaBucketWithoutARoleNeedsNoRole() {
        CredentialPlan plan =
                planned(plan(step("put").inProduction().bucket(BUCKET).build()));

        assertThat(plan.step("put").strategy()).isEqualTo(Strategy.SESSION_TOKEN_WITH_MFA);
        assertThat(plan.step("put").reason()).doesNotContain("instead of");
    }

    @Test
    void explicitSessionTokenAlsoServesAnMfaBucketInAnotherAccount() {
        CredentialPlan plan = planned(plan(step("put")
                .inProduction()
                .bucket(BUCKET)
                .auth(AuthMode.SESSION_TOKEN)
                .build()));

        assertThat(plan.step("put").strategy()).isEqualTo(Strategy.SESSION_TOKEN_WITH_MFA);
    }

    @Test
    void sameAccountMfaConditionedApisUseGetSessionToken() {
        // Sofía stops her own instances in 111111111111; her policy requires MFA on each call.
        Decision decision = CredentialPlanner.plan(
                List.of(step("stop").inIdentity().build()), SOFIA, ALICE_DEVICE, SessionDurations.DEFAULTS);
        CredentialPlan plan = planned(decision);

        assertThat(plan.step("stop").strategy()).isEqualTo(Strategy.SESSION_TOKEN_WITH_MFA);
        assertThat(plan.step("stop").reason()).startsWith("identity (111111111111) is your own account");
        assertThat(plan.acquisitions()).singleElement().isInstanceOf(GetSessionToken.class);
        assertThat(plan.mfaPrompts()).isEqualTo(1);
    }

    @Test
    void aRoleInTheCallersOwnAccountIsStillAssumed() {
        CredentialPlan plan =
                planned(plan(step("t").inIdentity().withPrivilegedRole().build()));

        assertThat(plan.step("t").strategy()).isEqualTo(Strategy.ASSUME_ROLE_WITH_MFA);
        assertThat(plan.step("t").reason()).startsWith("identity (111111111111) is your own account, but the step");
    }

    @Test
    void explicitSessionTokenInTheOwnAccountIgnoresTheRoleAndSaysSo() {
        CredentialPlan plan = planned(plan(step("t")
                .inIdentity()
                .withPrivilegedRole()
                .auth(AuthMode.SESSION_TOKEN)
                .build()));

        assertThat(plan.step("t").strategy()).isEqualTo(Strategy.SESSION_TOKEN_WITH_MFA);
        assertThat(plan.step("t").roleArn()).isEmpty();
        assertThat(plan.step("t").reason()).contains("instead of PrivilegedActionsRole, as auth: session-token asks");
        assertThat(plan.acquisitions()).noneMatch(a -> a instanceof AssumeRole);
    }

    @Test
    void explicitSessionTokenWithAnUnknownCallerAccountIsCheckedAtRunTimeNotRefused() {
        Decision decision = CredentialPlanner.plan(
                List.of(step("t").inDevelopment().auth(AuthMode.SESSION_TOKEN).build()),
                BaseIdentity.unknown(),
                MfaDevice.discoveredAtRunTime(),
                SessionDurations.DEFAULTS);
        CredentialPlan plan = planned(decision);

        assertThat(plan.step("t").strategy()).isEqualTo(Strategy.SESSION_TOKEN_WITH_MFA);
        assertThat(plan.step("t").reason())
                .endsWith("which works only if it is your own account (checked at run time).");
        assertThat(plan.notes())
                .contains("step t acts as you, which works only in your own account; guard checks that at run time.");
    }

    @Test
    void stepsActingAsYouInAnAccountNotYetKnownToBeYoursAreListedInOneNote() {
        Decision decision = CredentialPlanner.plan(
                List.of(
                        step("stop").inStaging().build(),
                        step("list").inStaging().mfaNotRequired().build(),
                        step("put").inProduction().bucket(BUCKET).build()),
                BaseIdentity.unknown(),
                MfaDevice.discoveredAtRunTime(),
                SessionDurations.DEFAULTS);

        assertThat(planned(decision).notes())
                .contains("steps stop, list act as you, which works only in your own account; guard checks that at"
                        + " run time.");
    }

    @Test
    void autoWithoutARoleAndAnUnknownCallerAccountActsAsYouAndIsCheckedAtRunTime() {
        Decision decision = CredentialPlanner.plan(
                List.of(step("t").inStaging().build()),
                BaseIdentity.unknown(),
                MfaDevice.discoveredAtRunTime(),
                SessionDurations.DEFAULTS);

        assertThat(planned(decision).step("t").strategy()).isEqualTo(Strategy.SESSION_TOKEN_WITH_MFA);
    }

    @Test
    void roleArnsWithAPathAndOtherPartitionsAreAccepted() {
        CredentialPlan plan = planned(plan(step("t")
                .inDevelopment()
                .role("arn:aws-us-gov:iam::222222222222:role/ops/Breakglass")
                .build()));

        assertThat(plan.step("t").reason()).contains("Breakglass's trust policy");
    }

    @Test
    void everyReasonIsOneSentenceNamingTheAccount() {
        CredentialPlan plan = planned(plan(
                step("dev").inDevelopment().withPrivilegedRole().build(),
                step("stg").inStaging().withPrivilegedRole().mfaNotRequired().build(),
                step("bucket")
                        .inProduction()
                        .withPrivilegedRole()
                        .bucket(BUCKET)
                        .build(),
                step("own").inIdentity().build(),
                step("plain").inIdentity().mfaNotRequired().build()));

        assertThat(plan.steps()).allSatisfy(s -> {
            assertThat(s.reason()).endsWith(".").doesNotContain(". ").doesNotContain("\n");
            assertThat(s.reason()).containsPattern("\\(\\d{12}\\)");
        });
        assertThat(plan.step("stg").reason()).contains("PrivilegedActionsRole");
        assertThat(plan.step("bucket").reason()).contains(BUCKET);
    }
}
