package dev.guard.auth;

import java.util.Objects;
import java.util.Optional;

/**
 * One STS call of a {@link CredentialPlan}, in the order they are made. A call that sends a TOTP
 * code is one MFA prompt ({@link #promptsForMfa()}).
 */
public sealed interface Acquisition {

    /** Whether this call sends {@code SerialNumber} and {@code TokenCode}, i.e. needs a fresh code. */
    boolean promptsForMfa();

    /**
     * {@code GetSessionToken} with the caller's base credentials.
     *
     * @param mfaSerial the device to send; empty when it is discovered at run time
     * @param durationSeconds the session length asked for
     * @param withMfa whether SerialNumber and TokenCode are sent (the session then carries MFA)
     */
    record GetSessionToken(Optional<String> mfaSerial, int durationSeconds, boolean withMfa) implements Acquisition {
        public GetSessionToken {
            Objects.requireNonNull(mfaSerial, "mfaSerial");
        }

        @Override
        public boolean promptsForMfa() {
            return withMfa;
        }
    }

    /**
     * {@code AssumeRole} of one role.
     *
     * @param roleArn the role
     * @param durationSeconds the role session length asked for (at most 3600 when chained)
     * @param mfaSerial the device to send when {@code withMfa}; empty otherwise or when discovered
     *     at run time
     * @param withMfa whether this call itself sends SerialNumber and TokenCode
     * @param chainedFromSessionToken whether it is called with the plan's MFA GetSessionToken
     *     session rather than the base credentials; its request then carries that session's MFA
     *     context, which satisfies a trust policy requiring MFA without a new code
     */
    record AssumeRole(
            String roleArn,
            int durationSeconds,
            Optional<String> mfaSerial,
            boolean withMfa,
            boolean chainedFromSessionToken)
            implements Acquisition {
        public AssumeRole {
            Objects.requireNonNull(roleArn, "roleArn");
            Objects.requireNonNull(mfaSerial, "mfaSerial");
            if (withMfa && chainedFromSessionToken) {
                // A second code in the same TOTP window is rejected; chaining never needs one.
                throw new IllegalArgumentException("a chained AssumeRole inherits MFA and sends no code");
            }
        }

        @Override
        public boolean promptsForMfa() {
            return withMfa;
        }
    }
}
