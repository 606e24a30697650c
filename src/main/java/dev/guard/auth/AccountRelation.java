package dev.guard.auth;

import java.util.Optional;

/** Whether a step acts in the caller's own account; offline, that may not be known yet. */
enum AccountRelation {
    OWN,
    OTHER,
    UNKNOWN;

    static AccountRelation of(StepTarget step, Optional<String> callerAccount) {
        // No Optional chain: every validate asks, and on JDK 17 each lambda call site costs ~60 µs
        // to link the first time.
        if (callerAccount.isEmpty()) {
            return UNKNOWN;
        }
        return callerAccount.get().equals(step.accountId()) ? OWN : OTHER;
    }
}
