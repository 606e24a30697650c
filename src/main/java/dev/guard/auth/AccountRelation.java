package dev.guard.auth;

import java.util.Optional;

/** Whether a step acts in the caller's own account; offline, that may not be known yet. */
enum AccountRelation {
    OWN,
    OTHER,
    UNKNOWN;

    static AccountRelation of(StepTarget step, Optional<String> callerAccount) {
        return callerAccount
                .map(caller -> caller.equals(step.accountId()) ? OWN : OTHER)
                .orElse(UNKNOWN);
    }
}
