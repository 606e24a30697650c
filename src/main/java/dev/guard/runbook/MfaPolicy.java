package dev.guard.runbook;

import java.util.OptionalLong;

/**
 * What the runbook demands of MFA: whether MFA-backed credentials are required (the default for
 * destructive steps), and optionally how old the MFA authentication may be, to match a policy's
 * {@code aws:MultiFactorAuthAge} condition.
 */
public record MfaPolicy(boolean required, OptionalLong maxAgeSeconds) {
    /** STS's longest session: 36 hours. */
    public static final long MAX_AGE_LIMIT = 129_600;

    public static final MfaPolicy DEFAULT = new MfaPolicy(true, OptionalLong.empty());
}
