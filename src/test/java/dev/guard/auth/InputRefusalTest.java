package dev.guard.auth;

import static dev.guard.auth.SeedWorld.ALICE_DEVICE;
import static dev.guard.auth.SeedWorld.BUCKET;
import static dev.guard.auth.SeedWorld.IDENTITY;
import static dev.guard.auth.SeedWorld.plan;
import static dev.guard.auth.SeedWorld.privilegedRole;
import static dev.guard.auth.SeedWorld.refused;
import static dev.guard.auth.SeedWorld.step;
import static org.assertj.core.api.Assertions.assertThat;

import dev.guard.auth.CredentialRefusal.Problem;
import dev.guard.runbook.AuthMode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Runbooks and configs that ask for credentials AWS cannot give are refused before any AWS call, all at once. */
class InputRefusalTest {

    @Test
    void explicitAssumeRoleForAnMfaBucketIsRefusedAsTheClassicTrap() {
        List<CredentialRefusal> refusals = refused(plan(step("replace")
                .inProduction()
                .withPrivilegedRole()
                .bucket(BUCKET)
                .auth(AuthMode.ASSUME_ROLE)
                .build()));

        assertThat(refusals).singleElement().satisfies(r -> {
            assertThat(r.stepId()).isEqualTo("replace");
            assertThat(r.problem()).isEqualTo(Problem.INPUT);
            assertThat(r.message())
                    .contains("bucket guard-protected-artifacts")
                    .contains("role credentials carry no MFA context")
                    .contains("auth: auto or auth: session-token");
        });
    }

    @Test
    void autoWithAnotherAccountAndNoRoleIsRefusedAsAMissingRole() {
        List<CredentialRefusal> refusals = refused(plan(step("t").inStaging().build()));

        assertThat(refusals).singleElement().satisfies(r -> {
            assertThat(r.problem()).isEqualTo(Problem.INPUT);
            assertThat(r.message())
                    .startsWith("staging (333333333333) is another account and no role is set")
                    .endsWith("set target.role or a default role for account staging in config");
        });
    }

    @Test
    void explicitAssumeRoleWithoutARoleIsRefusedEvenInTheOwnAccount() {
        List<CredentialRefusal> refusals =
                refused(plan(step("t").inIdentity().auth(AuthMode.ASSUME_ROLE).build()));

        assertThat(refusals).singleElement().satisfies(r -> {
            assertThat(r.problem()).isEqualTo(Problem.INPUT);
            assertThat(r.message())
                    .contains("auth: assume-role needs a role in identity (111111111111)")
                    .contains("set target.role or a default role for account identity in config");
        });
    }

    @Test
    void explicitSessionTokenForAnotherAccountIsRefusedBecauseItActsOnlyAsYou() {
        List<CredentialRefusal> refusals = refused(plan(step("t")
                .inDevelopment()
                .withPrivilegedRole()
                .auth(AuthMode.SESSION_TOKEN)
                .build()));

        assertThat(refusals).singleElement().satisfies(r -> {
            assertThat(r.problem()).isEqualTo(Problem.INPUT);
            assertThat(r.message())
                    .contains("cannot act in development (222222222222)")
                    .contains("your own account (111111111111)")
                    .contains("auth: auto or auth: assume-role");
        });
    }

    @Test
    void theCallerAccountIsTakenFromTheMfaDeviceArnWhenTheIdentityIsNotKnownYet() {
        // Offline: the config's device ARN says the caller lives in 111111111111.
        Decision decision = CredentialPlanner.plan(
                List.of(step("t").inStaging().build()),
                BaseIdentity.unknown(),
                ALICE_DEVICE,
                SessionDurations.DEFAULTS);

        assertThat(refused(decision))
                .singleElement()
                .satisfies(r -> assertThat(r.message()).startsWith("staging (333333333333) is another account"));
    }

    @Test
    void aRoleArnInAnotherAccountThanTheTargetIsRefused() {
        List<CredentialRefusal> refusals = refused(plan(step("t")
                .inDevelopment()
                .role(privilegedRole(SeedWorld.STAGING))
                .build()));

        assertThat(refusals).singleElement().satisfies(r -> {
            assertThat(r.problem()).isEqualTo(Problem.INPUT);
            assertThat(r.message())
                    .contains("is in account 333333333333, but the step acts in development (222222222222)");
        });
    }

    @Test
    void aRoleArnInTheWrongAccountIsRefusedEvenWhenABucketWouldNotUseIt() {
        List<CredentialRefusal> refusals = refused(plan(step("t")
                .inProduction()
                .role(privilegedRole(SeedWorld.STAGING))
                .bucket(BUCKET)
                .build()));

        assertThat(refusals)
                .singleElement()
                .extracting(CredentialRefusal::problem)
                .isEqualTo(Problem.INPUT);
    }

    @Test
    void somethingThatIsNotARoleArnIsRefusedOnceNotAlsoAsMissing() {
        List<CredentialRefusal> refusals = refused(plan(step("t")
                .inDevelopment()
                .role("arn:aws:iam::222222222222:user/alice")
                .build()));

        assertThat(refusals)
                .singleElement()
                .satisfies(r -> assertThat(r.message())
                        .isEqualTo("role 'arn:aws:iam::222222222222:user/alice' is not an IAM role ARN"
                                + " (arn:aws:iam::ACCOUNT:role/NAME)"));
    }

    @Test
    void everyRefusalOfTheRunIsReportedNotJustTheFirst() {
        Decision decision = plan(
                step("a").inStaging().build(),
                step("b")
                        .inProduction()
                        .bucket(BUCKET)
                        .auth(AuthMode.ASSUME_ROLE)
                        .build(),
                step("c").inDevelopment().withPrivilegedRole().build(),
                step("d")
                        .inDevelopment()
                        .role(privilegedRole(IDENTITY))
                        .maxAge(0)
                        .build());

        assertThat(refused(decision)).extracting(CredentialRefusal::stepId).containsExactly("a", "b", "d", "d");
    }

    @Test
    void aDuplicateStepIdIsAnInputProblem() {
        List<CredentialRefusal> refusals = refused(plan(
                step("t").inDevelopment().withPrivilegedRole().build(),
                step("t").inStaging().withPrivilegedRole().build()));

        assertThat(refusals)
                .singleElement()
                .satisfies(r -> assertThat(r.message()).contains("used twice"));
    }
}
