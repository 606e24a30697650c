package dev.guard.auth;

import static dev.guard.auth.SeedWorld.ALICE;
import static dev.guard.auth.SeedWorld.ALICE_DEVICE;
import static dev.guard.auth.SeedWorld.ALICE_DEVICE_ARN;
import static dev.guard.auth.SeedWorld.BUCKET;
import static dev.guard.auth.SeedWorld.DEVELOPMENT;
import static dev.guard.auth.SeedWorld.PRODUCTION;
import static dev.guard.auth.SeedWorld.STAGING;
import static dev.guard.auth.SeedWorld.plan;
import static dev.guard.auth.SeedWorld.planned;
import static dev.guard.auth.SeedWorld.privilegedRole;
import static dev.guard.auth.SeedWorld.step;
import static org.assertj.core.api.Assertions.assertThat;

import dev.guard.auth.Acquisition.AssumeRole;
import dev.guard.auth.Acquisition.GetSessionToken;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How a run's steps share one MFA prompt (DESIGN.md §1.4, §1.5). */
class PlanCompositionTest {
    private static final SessionDurations TWO_HOUR_ROLES = new SessionDurations(43_200, 7_200);

    private static CredentialPlan planWith(SessionDurations durations, boolean preferChaining, StepTarget... steps) {
        return planned(CredentialPlanner.plan(List.of(steps), ALICE, ALICE_DEVICE, durations, preferChaining));
    }

    @Test
    void aCrossAccountStepAndAnMfaBucketStepNeedExactlyOnePromptThroughChaining() {
        CredentialPlan plan = planWith(
                TWO_HOUR_ROLES,
                false,
                step("terminate").inDevelopment().withPrivilegedRole().build(),
                step("replace")
                        .inProduction()
                        .withPrivilegedRole()
                        .bucket(BUCKET)
                        .build());

        assertThat(plan.mfaPrompts()).isEqualTo(1);
        assertThat(plan.acquisitions())
                .containsExactly(
                        new GetSessionToken(Optional.of(ALICE_DEVICE_ARN), 43_200, true),
                        new AssumeRole(privilegedRole(DEVELOPMENT), 3_600, Optional.empty(), false, true));
        assertThat(plan.step("terminate").strategy()).isEqualTo(Strategy.SESSION_TOKEN_THEN_ASSUME_ROLE);
        assertThat(plan.step("replace").strategy()).isEqualTo(Strategy.SESSION_TOKEN_WITH_MFA);
    }

    @Test
    void chainedRoleSessionsNeverAskForMoreThanAnHourEvenWhenLongerIsConfigured() {
        CredentialPlan plan = planWith(
                TWO_HOUR_ROLES,
                false,
                step("a").inDevelopment().withPrivilegedRole().build(),
                step("b").inStaging().withPrivilegedRole().build());

        assertThat(plan.acquisitions())
                .filteredOn(a -> a instanceof AssumeRole)
                .allSatisfy(a -> assertThat(((AssumeRole) a).durationSeconds()).isEqualTo(3_600));
        assertThat(plan.notes())
                .contains("role sessions last at most 3600 s (not the configured 7200 s) because AWS treats"
                        + " AssumeRole with GetSessionToken credentials as role chaining; guard re-derives them"
                        + " from the cached session without a new prompt when they expire.");
    }

    @Test
    void chainedRoleSessionsKeepAShorterConfiguredDuration() {
        CredentialPlan plan = planWith(
                new SessionDurations(3_600, 900),
                false,
                step("a").inDevelopment().withPrivilegedRole().build(),
                step("b").inStaging().withPrivilegedRole().build());

        assertThat(plan.acquisitions())
                .containsExactly(
                        new GetSessionToken(Optional.of(ALICE_DEVICE_ARN), 3_600, true),
                        new AssumeRole(privilegedRole(DEVELOPMENT), 900, Optional.empty(), false, true),
                        new AssumeRole(privilegedRole(STAGING), 900, Optional.empty(), false, true));
        assertThat(plan.notes()).anySatisfy(n -> assertThat(n).startsWith("role sessions last at most 900 s because"));
    }

    @Test
    void twoDifferentRolesShareOnePromptThroughOneGetSessionToken() {
        CredentialPlan plan = planned(plan(
                step("dev").inDevelopment().withPrivilegedRole().build(),
                step("stg").inStaging().withPrivilegedRole().build()));

        assertThat(plan.mfaPrompts()).isEqualTo(1);
        assertThat(plan.acquisitions()).hasSize(3).first().isInstanceOf(GetSessionToken.class);
        assertThat(plan.acquisitions()).filteredOn(a -> a instanceof AssumeRole).allSatisfy(a -> {
            AssumeRole role = (AssumeRole) a;
            assertThat(role.chainedFromSessionToken()).isTrue();
            assertThat(role.withMfa()).isFalse();
            assertThat(role.promptsForMfa()).isFalse();
        });
        assertThat(plan.step("dev").reason())
                .isEqualTo("development (222222222222) is another account; PrivilegedActionsRole's trust policy"
                        + " requires MFA, so guard assumes it with your GetSessionToken(MFA) session, whose MFA"
                        + " context the trust policy accepts without a second code.");
    }

    @Test
    void stepsSharingOneRoleNeedOneAssumeRole() {
        CredentialPlan plan = planned(plan(
                step("stop").inDevelopment().withPrivilegedRole().build(),
                step("terminate").inDevelopment().withPrivilegedRole().build()));

        assertThat(plan.acquisitions()).singleElement().isInstanceOf(AssumeRole.class);
        assertThat(plan.steps()).extracting(StepCredentials::strategy).containsOnly(Strategy.ASSUME_ROLE_WITH_MFA);
    }

    @Test
    void onlySessionTokenStepsNeedOneGetSessionTokenAndNothingElse() {
        CredentialPlan plan = planned(plan(
                step("put").inProduction().bucket(BUCKET).build(),
                step("stop").inIdentity().build()));

        assertThat(plan.acquisitions())
                .containsExactly(new GetSessionToken(Optional.of(ALICE_DEVICE_ARN), 43_200, true));
        assertThat(plan.mfaPrompts()).isEqualTo(1);
        assertThat(plan.notes()).noneMatch(n -> n.contains("role chaining"));
    }

    @Test
    void preferChainingTurnsASingleRoleIntoGetSessionTokenThenAssumeRole() {
        CredentialPlan plan = planWith(
                SessionDurations.DEFAULTS,
                true,
                step("terminate").inDevelopment().withPrivilegedRole().build());

        assertThat(plan.acquisitions())
                .containsExactly(
                        new GetSessionToken(Optional.of(ALICE_DEVICE_ARN), 43_200, true),
                        new AssumeRole(privilegedRole(DEVELOPMENT), 3_600, Optional.empty(), false, true));
        assertThat(plan.step("terminate").strategy()).isEqualTo(Strategy.SESSION_TOKEN_THEN_ASSUME_ROLE);
        assertThat(plan.mfaPrompts()).isEqualTo(1);
    }

    @Test
    void preferChainingChangesNothingWhenNoStepNeedsMfa() {
        CredentialPlan plan = planWith(
                SessionDurations.DEFAULTS,
                true,
                step("describe")
                        .inDevelopment()
                        .withPrivilegedRole()
                        .mfaNotRequired()
                        .build());

        assertThat(plan.acquisitions())
                .containsExactly(new AssumeRole(privilegedRole(DEVELOPMENT), 3_600, Optional.empty(), false, false));
        assertThat(plan.mfaPrompts()).isZero();
    }

    @Test
    void aSingleDirectRoleKeepsTheConfiguredRoleDuration() {
        CredentialPlan plan = planWith(
                TWO_HOUR_ROLES,
                false,
                step("t").inDevelopment().withPrivilegedRole().build());

        assertThat(((AssumeRole) plan.acquisitions().get(0)).durationSeconds()).isEqualTo(7_200);
        assertThat(plan.notes()).noneMatch(n -> n.contains("role chaining"));
    }

    @Test
    void theSeedWorldMaintenanceRunTouchingEveryAccountNeedsOnePrompt() {
        CredentialPlan plan = planned(plan(
                step("stop-own").inIdentity().build(),
                step("terminate-dev").inDevelopment().withPrivilegedRole().build(),
                step("delete-table").inStaging().withPrivilegedRole().build(),
                step("terminate-prod").inProduction().withPrivilegedRole().build(),
                step("replace-artifact")
                        .inProduction()
                        .withPrivilegedRole()
                        .bucket(BUCKET)
                        .build()));

        assertThat(plan.mfaPrompts()).isEqualTo(1);
        assertThat(plan.acquisitions())
                .extracting(a -> a instanceof AssumeRole r ? r.roleArn() : "GetSessionToken")
                .containsExactly(
                        "GetSessionToken",
                        privilegedRole(DEVELOPMENT),
                        privilegedRole(STAGING),
                        privilegedRole(PRODUCTION));
        assertThat(plan.steps())
                .extracting(StepCredentials::strategy)
                .containsExactly(
                        Strategy.SESSION_TOKEN_WITH_MFA,
                        Strategy.SESSION_TOKEN_THEN_ASSUME_ROLE,
                        Strategy.SESSION_TOKEN_THEN_ASSUME_ROLE,
                        Strategy.SESSION_TOKEN_THEN_ASSUME_ROLE,
                        Strategy.SESSION_TOKEN_WITH_MFA);
    }

    @Test
    void theSmallestMaxAgeAcrossStepsIsNoted() {
        CredentialPlan plan = planned(plan(
                step("a").inDevelopment().withPrivilegedRole().maxAge(3_600).build(),
                step("b").inProduction().bucket(BUCKET).maxAge(900).build(),
                step("c").inStaging().withPrivilegedRole().build()));

        assertThat(plan.notes())
                .contains("MFA must be at most 900 s old when a step starts; guard re-prompts when the cached"
                        + " session is older.")
                .noneMatch(n -> n.contains("3600 s old"));
    }

    @Test
    void aMaxAgeOnAStepWithoutMfaIsNotNoted() {
        CredentialPlan plan = planned(plan(
                step("a").inDevelopment().withPrivilegedRole().build(),
                step("b")
                        .inStaging()
                        .withPrivilegedRole()
                        .mfaNotRequired()
                        .maxAge(60)
                        .build()));

        assertThat(plan.notes()).noneMatch(n -> n.startsWith("MFA must be"));
    }

    @Test
    void aMaxAgeOutsideWhatStsCanIssueIsAnInputProblem() {
        assertThat(SeedWorld.refused(plan(step("a")
                        .inDevelopment()
                        .withPrivilegedRole()
                        .maxAge(129_601)
                        .build())))
                .singleElement()
                .satisfies(r -> {
                    assertThat(r.problem()).isEqualTo(CredentialRefusal.Problem.INPUT);
                    assertThat(r.message()).isEqualTo("mfa.maxAgeSeconds must be between 1 and 129600, got 129601");
                });
        assertThat(planned(plan(step("a")
                                .inDevelopment()
                                .withPrivilegedRole()
                                .maxAge(129_600)
                                .build()))
                        .notes())
                .anySatisfy(n -> assertThat(n).startsWith("MFA must be at most 129600 s old"));
    }
}
