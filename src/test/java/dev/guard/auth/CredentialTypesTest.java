package dev.guard.auth;

import static dev.guard.auth.SeedWorld.plan;
import static dev.guard.auth.SeedWorld.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.guard.auth.CredentialRefusal.Problem;
import dev.guard.runbook.AuthMode;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The inputs reject what cannot be true, and the outputs keep their promises. */
class CredentialTypesTest {

    @Test
    void sessionDurationsDefaultToTwelveHoursAndOneHour() {
        assertThat(SessionDurations.DEFAULTS).isEqualTo(new SessionDurations(43_200, 3_600));
    }

    @Test
    void sessionDurationsAcceptExactlyWhatStsAccepts() {
        new SessionDurations(900, 900);
        new SessionDurations(129_600, 43_200);
        assertThatThrownBy(() -> new SessionDurations(899, 3_600)).hasMessageContaining("899");
        assertThatThrownBy(() -> new SessionDurations(129_601, 3_600)).hasMessageContaining("129601");
        assertThatThrownBy(() -> new SessionDurations(43_200, 899)).hasMessageContaining("899");
        assertThatThrownBy(() -> new SessionDurations(43_200, 43_201)).hasMessageContaining("43201");
    }

    @Test
    void chainedRoleSessionsAreCappedAtOneHour() {
        assertThat(new SessionDurations(43_200, 7_200).chainedRoleSeconds()).isEqualTo(3_600);
        assertThat(new SessionDurations(43_200, 1_800).chainedRoleSeconds()).isEqualTo(1_800);
    }

    @Test
    void anMfaDeviceHasASerialExactlyWhenItHasASource() {
        assertThatThrownBy(() -> new MfaDevice(Optional.empty(), MfaDevice.Source.CONFIG))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MfaDevice(Optional.of("x"), MfaDevice.Source.NONE))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aVirtualDeviceArnNamesItsAccount() {
        assertThat(SeedWorld.ALICE_DEVICE.accountId()).contains("111111111111");
        assertThat(MfaDevice.of("GAHT12345678", MfaDevice.Source.CONFIG).accountId())
                .isEmpty();
    }

    @Test
    void aStepTargetNeedsATwelveDigitAccount() {
        assertThatThrownBy(() -> new StepTarget(
                        "t",
                        "2222",
                        "dev",
                        Optional.empty(),
                        Optional.empty(),
                        AuthMode.AUTO,
                        true,
                        OptionalLong.empty()))
                .hasMessageContaining("12 digits");
    }

    @Test
    void anAccountWithoutAnAliasIsNamedByItsIdOnce() {
        StepTarget step = step("t").in("555555555555", "555555555555").build();

        assertThat(step.accountPhrase()).isEqualTo("555555555555");
        assertThat(step("t").inStaging().build().accountPhrase()).isEqualTo("staging (333333333333)");
    }

    @Test
    void aBaseIdentityAccountMustBeTwelveDigits() {
        assertThatThrownBy(() -> BaseIdentity.unknownIn("11")).hasMessageContaining("12 digits");
    }

    @Test
    void aChainedAssumeRoleNeverSendsASecondCode() {
        assertThatThrownBy(() -> new Acquisition.AssumeRole("arn", 3_600, Optional.empty(), true, true))
                .hasMessageContaining("sends no code");
    }

    @Test
    void aPlansPromptCountMustMatchItsAcquisitions() {
        List<Acquisition> one = List.of(new Acquisition.GetSessionToken(Optional.empty(), 900, true));

        assertThatThrownBy(() -> new CredentialPlan(List.of(), one, 0, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void inputProblemsDecideTheExitCodeOverAuthenticationProblems() {
        Decision.Refused both = new Decision.Refused(List.of(
                new CredentialRefusal("a", "root", Problem.AUTHENTICATION),
                new CredentialRefusal("b", "no role", Problem.INPUT)));
        Decision.Refused authOnly =
                new Decision.Refused(List.of(new CredentialRefusal("a", "root", Problem.AUTHENTICATION)));

        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(authOnly.exitCode()).isEqualTo(4);
    }

    @Test
    void planOrThrowCarriesEveryRefusalAndTheExitCode() {
        Decision decision =
                plan(step("a").inStaging().build(), step("b").inStaging().build());

        assertThatThrownBy(decision::planOrThrow).isInstanceOfSatisfying(CredentialDecisionException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(2);
            assertThat(e.refusals()).hasSize(2);
            assertThat(e.getMessage())
                    .startsWith("step a: staging (333333333333)")
                    .contains("\nstep b: ");
        });
    }

    @Test
    void strategiesReadAsThePlanShowsThem() {
        assertThat(Strategy.SESSION_TOKEN_THEN_ASSUME_ROLE.label())
                .isEqualTo("GetSessionToken with MFA, then AssumeRole");
        assertThat(Strategy.BASE_CREDENTIALS.label()).isEqualTo("your base credentials, no MFA");
    }
}
