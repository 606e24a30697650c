package dev.guard.auth;

import static dev.guard.auth.SeedWorld.ALICE_DEVICE;
import static dev.guard.auth.SeedWorld.BUCKET;
import static dev.guard.auth.SeedWorld.IDENTITY;
import static dev.guard.auth.SeedWorld.planned;
import static dev.guard.auth.SeedWorld.refused;
import static dev.guard.auth.SeedWorld.step;
import static org.assertj.core.api.Assertions.assertThat;

import dev.guard.auth.Acquisition.AssumeRole;
import dev.guard.auth.CredentialRefusal.Problem;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the base credentials can and cannot do (DESIGN.md §1.7), and what is left to run time. */
class BaseIdentityRulesTest {
    private static final BaseIdentity ROOT = new BaseIdentity(
            BaseIdentity.Kind.ROOT, Optional.of(IDENTITY), Optional.of("arn:aws:iam::111111111111:root"));
    private static final BaseIdentity SSO_SESSION = new BaseIdentity(
            BaseIdentity.Kind.ASSUMED_ROLE,
            Optional.of(IDENTITY),
            Optional.of("arn:aws:sts::111111111111:assumed-role/AWSReservedSSO_Admin/alice"));
    private static final BaseIdentity FEDERATED = new BaseIdentity(
            BaseIdentity.Kind.FEDERATED_USER,
            Optional.of(IDENTITY),
            Optional.of("arn:aws:sts::111111111111:federated-user/alice"));

    private static Decision planAs(BaseIdentity base, MfaDevice device, StepTarget... steps) {
        return CredentialPlanner.plan(List.of(steps), base, device, SessionDurations.DEFAULTS);
    }

    @Test
    void rootCredentialsAreRefusedWhenAnyStepNeedsMfa() {
        List<CredentialRefusal> refusals = refused(planAs(
                ROOT,
                ALICE_DEVICE,
                step("a").inDevelopment().withPrivilegedRole().build(),
                step("b").inProduction().bucket(BUCKET).build()));

        assertThat(refusals).singleElement().satisfies(r -> {
            assertThat(r.problem()).isEqualTo(Problem.AUTHENTICATION);
            assertThat(r.problem().exitCode()).isEqualTo(4);
            assertThat(r.stepId()).isEqualTo("a");
            assertThat(r.message())
                    .isEqualTo("root user credentials cannot use MFA-protected API access; AWS does not support it,"
                            + " so use an IAM user with an MFA device (steps a, b)");
        });
    }

    @Test
    void rootCredentialsMayUseTheOwnAccountWithoutMfa() {
        CredentialPlan plan = planned(planAs(
                ROOT, ALICE_DEVICE, step("a").inIdentity().mfaNotRequired().build()));

        assertThat(plan.step("a").strategy()).isEqualTo(Strategy.BASE_CREDENTIALS);
    }

    @Test
    void rootCredentialsCannotAssumeARoleEvenWithoutMfa() {
        assertThat(refused(planAs(
                        ROOT,
                        ALICE_DEVICE,
                        step("a")
                                .inDevelopment()
                                .withPrivilegedRole()
                                .mfaNotRequired()
                                .build())))
                .singleElement()
                .satisfies(r -> {
                    assertThat(r.problem()).isEqualTo(Problem.AUTHENTICATION);
                    assertThat(r.message()).contains("Roles may not be assumed by root accounts");
                });
    }

    @Test
    void aRoleSessionBaseIsRefusedWhenMfaIsNeededAndTheMessageSaysWhatToDo() {
        assertThat(refused(planAs(
                        SSO_SESSION, ALICE_DEVICE, step("own").inIdentity().build())))
                .singleElement()
                .satisfies(r -> {
                    assertThat(r.problem()).isEqualTo(Problem.AUTHENTICATION);
                    assertThat(r.message())
                            .contains("arn:aws:sts::111111111111:assumed-role/AWSReservedSSO_Admin/alice")
                            .contains("cannot call GetSessionToken")
                            .contains("run guard as an IAM user with an MFA device");
                });
    }

    @Test
    void aRoleSessionBaseMayAssumeRolesWithoutMfaForAtMostAnHour() {
        CredentialPlan plan = planned(CredentialPlanner.plan(
                List.of(step("a")
                        .inDevelopment()
                        .withPrivilegedRole()
                        .mfaNotRequired()
                        .build()),
                SSO_SESSION,
                MfaDevice.discoveredAtRunTime(),
                new SessionDurations(43_200, 7_200)));

        assertThat(((AssumeRole) plan.acquisitions().get(0)).durationSeconds()).isEqualTo(3_600);
        assertThat(plan.notes()).anySatisfy(n -> assertThat(n).contains("your base credentials are a role session"));
    }

    @Test
    void aFederatedUserIsRefusedForMfaAndForRoles() {
        List<CredentialRefusal> refusals = refused(planAs(
                FEDERATED,
                MfaDevice.discoveredAtRunTime(),
                step("own").inIdentity().build(),
                step("plain")
                        .inDevelopment()
                        .withPrivilegedRole()
                        .mfaNotRequired()
                        .build()));

        assertThat(refusals).extracting(CredentialRefusal::stepId).containsExactly("own", "plain");
        assertThat(refusals).allSatisfy(r -> assertThat(r.problem()).isEqualTo(Problem.AUTHENTICATION));
        assertThat(refusals.get(0).message()).contains("federated users cannot have an MFA device");
    }

    @Test
    void anUnknownBaseIdentityIsPlannedAsAnIamUserAndCheckedAtRunTime() {
        CredentialPlan plan = planned(planAs(
                BaseIdentity.unknownIn(IDENTITY),
                ALICE_DEVICE,
                step("a").inDevelopment().withPrivilegedRole().build()));

        assertThat(plan.step("a").strategy()).isEqualTo(Strategy.ASSUME_ROLE_WITH_MFA);
        assertThat(plan.notes())
                .contains("base identity is checked at run time: guard plans as for an IAM user; root, role-session"
                        + " and federated credentials cannot present MFA.");
    }

    @Test
    void anUnknownBaseIdentityWithoutMfaStepsIsNotWarnedAboutMfa() {
        CredentialPlan plan = planned(planAs(
                BaseIdentity.unknownIn(IDENTITY),
                MfaDevice.discoveredAtRunTime(),
                step("a").inIdentity().mfaNotRequired().build()));

        assertThat(plan.notes())
                .containsExactly("base identity is checked at run time: guard plans as for an IAM user.");
    }

    @Test
    void aKnownIamUserGetsNoRunTimeIdentityNote() {
        CredentialPlan plan = planned(planAs(
                SeedWorld.ALICE,
                ALICE_DEVICE,
                step("a").inDevelopment().withPrivilegedRole().build()));

        assertThat(plan.notes()).isEmpty();
    }

    @Test
    void anUnknownMfaDeviceIsDiscoveredAtRunTimeNotRefused() {
        CredentialPlan plan = planned(planAs(
                SeedWorld.ALICE,
                MfaDevice.discoveredAtRunTime(),
                step("a").inDevelopment().withPrivilegedRole().build()));

        assertThat(plan.notes()).contains("MFA device: discovered at run time (iam:ListMFADevices).");
        assertThat(plan.acquisitions())
                .singleElement()
                .satisfies(a -> assertThat(((AssumeRole) a).mfaSerial()).isEmpty());
    }

    @Test
    void anMfaDeviceOfAnotherAccountThanTheCallerIsRefused() {
        MfaDevice elsewhere = MfaDevice.of("arn:aws:iam::999999999999:mfa/alice", MfaDevice.Source.PROFILE);

        assertThat(refused(planAs(
                        SeedWorld.ALICE, elsewhere, step("a").inIdentity().build())))
                .singleElement()
                .satisfies(r -> {
                    assertThat(r.problem()).isEqualTo(Problem.AUTHENTICATION);
                    assertThat(r.message())
                            .contains("belongs to account 999999999999")
                            .contains("111111111111");
                });
    }

    @Test
    void aHardwareDeviceSerialSaysNothingAboutTheAccount() {
        MfaDevice hardware = MfaDevice.of("GAHT12345678", MfaDevice.Source.CONFIG);

        CredentialPlan plan = planned(
                planAs(BaseIdentity.unknown(), hardware, step("a").inStaging().build()));

        assertThat(plan.acquisitions())
                .containsExactly(new Acquisition.GetSessionToken(Optional.of("GAHT12345678"), 43_200, true));
    }
}
