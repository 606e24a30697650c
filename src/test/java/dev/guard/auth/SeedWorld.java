package dev.guard.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.guard.runbook.AuthMode;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** The seeded world of DESIGN.md §5, and a builder for steps in it. */
final class SeedWorld {
    static final String IDENTITY = "111111111111";
    static final String DEVELOPMENT = "222222222222";
    static final String STAGING = "333333333333";
    static final String PRODUCTION = "444444444444";
    static final String BUCKET = "guard-protected-artifacts";
    static final String ALICE_DEVICE_ARN = "arn:aws:iam::111111111111:mfa/alice";

    static final BaseIdentity ALICE = BaseIdentity.iamUser(IDENTITY, "arn:aws:iam::111111111111:user/alice");
    static final BaseIdentity SOFIA = BaseIdentity.iamUser(IDENTITY, "arn:aws:iam::111111111111:user/sofia");
    static final MfaDevice ALICE_DEVICE = MfaDevice.of(ALICE_DEVICE_ARN, MfaDevice.Source.CONFIG);

    private SeedWorld() {}

    static String privilegedRole(String account) {
        return "arn:aws:iam::" + account + ":role/PrivilegedActionsRole";
    }

    static Step step(String id) {
        return new Step(id);
    }

    static Decision plan(StepTarget... steps) {
        return CredentialPlanner.plan(List.of(steps), ALICE, ALICE_DEVICE, SessionDurations.DEFAULTS);
    }

    static CredentialPlan planned(Decision decision) {
        assertThat(decision).isInstanceOf(Decision.Planned.class);
        return ((Decision.Planned) decision).plan();
    }

    static List<CredentialRefusal> refused(Decision decision) {
        assertThat(decision).isInstanceOf(Decision.Refused.class);
        return ((Decision.Refused) decision).refusals();
    }

    /** Builds a {@link StepTarget}; defaults: development, no role, auto, MFA required. */
    static final class Step {
        private final String id;
        private String account = DEVELOPMENT;
        private String label = "development";
        private Optional<String> role = Optional.empty();
        private Optional<String> bucket = Optional.empty();
        private AuthMode auth = AuthMode.AUTO;
        private boolean mfa = true;
        private OptionalLong maxAge = OptionalLong.empty();

        private Step(String id) {
            this.id = id;
        }

        Step in(String accountId, String accountLabel) {
            account = accountId;
            label = accountLabel;
            return this;
        }

        Step inIdentity() {
            return in(IDENTITY, "identity");
        }

        Step inDevelopment() {
            return in(DEVELOPMENT, "development");
        }

        Step inStaging() {
            return in(STAGING, "staging");
        }

        Step inProduction() {
            return in(PRODUCTION, "production");
        }

        /** The seed's PrivilegedActionsRole of the step's account. */
        Step withPrivilegedRole() {
            return role(privilegedRole(account));
        }

        Step role(String arn) {
            role = Optional.of(arn);
            return this;
        }

        Step bucket(String name) {
            bucket = Optional.of(name);
            return this;
        }

        Step auth(AuthMode mode) {
            auth = mode;
            return this;
        }

        Step mfaNotRequired() {
            mfa = false;
            return this;
        }

        Step maxAge(long seconds) {
            maxAge = OptionalLong.of(seconds);
            return this;
        }

        StepTarget build() {
            return new StepTarget(id, account, label, role, bucket, auth, mfa, maxAge);
        }
    }
}
