package dev.guard.auth;

import static dev.guard.auth.SeedWorld.BUCKET;
import static dev.guard.auth.SeedWorld.DEVELOPMENT;
import static dev.guard.auth.SeedWorld.IDENTITY;
import static dev.guard.auth.SeedWorld.PRODUCTION;
import static dev.guard.auth.SeedWorld.STAGING;
import static dev.guard.auth.SeedWorld.planned;
import static dev.guard.auth.SeedWorld.refused;
import static dev.guard.auth.SeedWorld.step;
import static org.assertj.core.api.Assertions.assertThat;

import dev.guard.auth.Acquisition.AssumeRole;
import dev.guard.runbook.AuthMode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The unattended runner's own identity (DESIGN.md §7): another account through its runner role
 * without MFA, the runner's own account with its base credentials, never an MFA code.
 */
class RunnerPlannerTest {
    private static final BaseIdentity SCHEDULER =
            BaseIdentity.iamUser(IDENTITY, "arn:aws:iam::111111111111:user/scheduler");
    private static final BaseIdentity INSTANCE_PROFILE = BaseIdentity.fromCallerArn(
            IDENTITY, "arn:aws:sts::111111111111:assumed-role/GuardRunnerInstance/i-0123456789abcdef0");
    private static final Map<String, String> RUNNER_ROLES = Map.of(
            DEVELOPMENT, runnerRole(DEVELOPMENT),
            STAGING, runnerRole(STAGING),
            PRODUCTION, runnerRole(PRODUCTION));

    private static String runnerRole(String account) {
        return "arn:aws:iam::" + account + ":role/GuardRunnerRole";
    }

    private static Decision plan(BaseIdentity base, Map<String, String> roles, StepTarget... steps) {
        return CredentialPlanner.planForRunner(List.of(steps), base, roles, SessionDurations.DEFAULTS);
    }

    @Test
    void anotherAccountIsReachedThroughItsRunnerRoleWithoutMfaInsteadOfTheOperatorsRole() {
        CredentialPlan plan = planned(plan(
                SCHEDULER,
                RUNNER_ROLES,
                step("t").inDevelopment().withPrivilegedRole().build()));

        StepCredentials t = plan.step("t");
        assertThat(t.strategy()).isEqualTo(Strategy.ASSUME_ROLE);
        assertThat(t.roleArn()).contains(runnerRole(DEVELOPMENT));
        assertThat(t.reason())
                .isEqualTo("the runner's own identity; approvals took the place of MFA: development (222222222222) is"
                        + " another account than the runner's, so guard assumes its runner role GuardRunnerRole"
                        + " without MFA (instead of PrivilegedActionsRole, the operators' role).");
        assertThat(plan.acquisitions())
                .containsExactly(new AssumeRole(runnerRole(DEVELOPMENT), 3_600, Optional.empty(), false, false));
        assertThat(plan.mfaPrompts()).isZero();
    }

    @Test
    void theRunnersOwnAccountUsesItsBaseCredentialsEvenWhereAnOperatorWouldNeedMfa() {
        CredentialPlan plan = planned(plan(
                SCHEDULER,
                RUNNER_ROLES,
                step("own").inIdentity().auth(AuthMode.SESSION_TOKEN).build(),
                step("dev").inDevelopment().build()));

        assertThat(plan.step("own").strategy()).isEqualTo(Strategy.BASE_CREDENTIALS);
        assertThat(plan.step("own").reason())
                .startsWith("the runner's own identity; approvals took the place of MFA: identity (111111111111) is"
                        + " the runner's own account");
        // No GetSessionToken: nothing here carries, or needs, an MFA context.
        assertThat(plan.acquisitions())
                .containsExactly(new AssumeRole(runnerRole(DEVELOPMENT), 3_600, Optional.empty(), false, false));
        assertThat(plan.acquisitions()).noneMatch(Acquisition::promptsForMfa);
    }

    @Test
    void stepsSharingAnAccountAssumeItsRunnerRoleOnce() {
        CredentialPlan plan = planned(plan(
                SCHEDULER,
                RUNNER_ROLES,
                step("a").inStaging().build(),
                step("b").inStaging().build(),
                step("c").inProduction().build()));

        assertThat(plan.acquisitions())
                .extracting(a -> ((AssumeRole) a).roleArn())
                .containsExactly(runnerRole(STAGING), runnerRole(PRODUCTION));
    }

    @Test
    void anAccountWithoutARunnerRoleIsRefusedNamingTheConfigKey() {
        Decision d = plan(SCHEDULER, Map.of(), step("t").inDevelopment().build());

        assertThat(((Decision.Refused) d).exitCode()).isEqualTo(2);
        assertThat(refused(d))
                .singleElement()
                .satisfies(r -> assertThat(r.message())
                        .isEqualTo("development (222222222222) is not the runner's own account (111111111111) and no"
                                + " runner role is set for it: set accounts.development.runnerRole (or"
                                + " defaults.runnerRole) in the config to the role the runner assumes there without"
                                + " MFA (e.g. GuardRunnerRole)"));
    }

    @Test
    void anAccountKnownOnlyByIdPointsAtTheDefault() {
        Decision d = plan(
                SCHEDULER,
                Map.of(),
                step("t").in("555555555555", "555555555555").build());

        assertThat(refused(d))
                .singleElement()
                .satisfies(r -> assertThat(r.message()).contains("set defaults.runnerRole in the config"));
    }

    @Test
    void aRunnerRoleOfAnotherAccountIsRefused() {
        Decision d = plan(
                SCHEDULER,
                Map.of(DEVELOPMENT, runnerRole(STAGING)),
                step("t").inDevelopment().build());

        assertThat(((Decision.Refused) d).exitCode()).isEqualTo(2);
        assertThat(refused(d))
                .singleElement()
                .satisfies(
                        r -> assertThat(r.message())
                                .contains(
                                        "runner role arn:aws:iam::333333333333:role/GuardRunnerRole is not an IAM role in development"));
    }

    @Test
    void aBucketWhosePolicyDemandsMfaCannotBeServedByTheRunner() {
        Decision d = plan(
                SCHEDULER, RUNNER_ROLES, step("t").inProduction().bucket(BUCKET).build());

        assertThat(((Decision.Refused) d).exitCode()).isEqualTo(4);
        assertThat(refused(d))
                .singleElement()
                .satisfies(r -> assertThat(r.message())
                        .contains("only with MFA, which the runner's own identity never presents")
                        .contains("guard login"));
    }

    @Test
    void offlineTheRunnersAccountIsUnknownSoAStepWithoutARunnerRoleIsCheckedAtRunTime() {
        CredentialPlan plan = planned(plan(
                BaseIdentity.unknown(),
                Map.of(DEVELOPMENT, runnerRole(DEVELOPMENT)),
                step("dev").inDevelopment().build(),
                step("own").inIdentity().build()));

        assertThat(plan.step("dev").strategy()).isEqualTo(Strategy.ASSUME_ROLE);
        assertThat(plan.step("own").strategy()).isEqualTo(Strategy.BASE_CREDENTIALS);
        assertThat(plan.step("own").reason()).contains("checked at run time");
        assertThat(plan.notes()).anyMatch(n -> n.contains("works only in the runner's own account"));
    }

    @Test
    void aRunnerThatIsARoleSessionChainsItsRunnerRolesForAnHourAtMost() {
        CredentialPlan plan = planned(CredentialPlanner.planForRunner(
                List.of(step("t").inDevelopment().build()),
                INSTANCE_PROFILE,
                RUNNER_ROLES,
                new SessionDurations(43_200, 7_200)));

        assertThat(plan.acquisitions())
                .containsExactly(new AssumeRole(runnerRole(DEVELOPMENT), 3_600, Optional.empty(), false, false));
        assertThat(plan.notes()).anyMatch(n -> n.contains("role chaining"));
    }

    @Test
    void rootCannotBeTheRunnerOfAStepInAnotherAccount() {
        BaseIdentity root = BaseIdentity.fromCallerArn(IDENTITY, "arn:aws:iam::111111111111:root");

        Decision d = plan(root, RUNNER_ROLES, step("t").inDevelopment().build());

        assertThat(((Decision.Refused) d).exitCode()).isEqualTo(4);
        assertThat(refused(d))
                .singleElement()
                .satisfies(r -> assertThat(r.message()).contains("root user credentials cannot assume roles"));
    }
}
