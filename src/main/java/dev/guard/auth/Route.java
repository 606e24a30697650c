package dev.guard.auth;

import dev.guard.runbook.Arn;
import java.util.Optional;

/**
 * The kind of credentials one step needs, decided from that step alone; {@link PlanComposer} then
 * decides how the run obtains them together.
 */
sealed interface Route {
    StepTarget step();

    /** The step acts through a role session; {@code mfa} when the trust policy must see MFA. */
    record Role(StepTarget step, Arn role, boolean mfa) implements Route {}

    /**
     * The step acts as the caller through an MFA GetSessionToken session; {@code unusedRole} is a
     * role that was set but cannot serve (an MFA bucket policy, or explicit session-token).
     */
    record OwnSession(StepTarget step, Optional<Arn> unusedRole) implements Route {}

    /** The step acts as the caller with the base credentials (no MFA required). */
    record Base(StepTarget step, Optional<Arn> unusedRole) implements Route {}

    default boolean needsMfa() {
        return this instanceof OwnSession || (this instanceof Role r && r.mfa());
    }
}
