package dev.guard.sandbox.iam;

import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of evaluating policies for one request, with the statement that decided it
 * ("policy-name#Sid", or "policy-name#statement[i]" with a zero-based index when it has no Sid)
 * and a one-line explanation fit for a journal or an AccessDenied message.
 */
public record Decision(Outcome outcome, Optional<String> decidingStatement, String explanation) {
    public enum Outcome {
        ALLOW,
        EXPLICIT_DENY,
        IMPLICIT_DENY
    }

    public Decision {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(decidingStatement, "decidingStatement");
        Objects.requireNonNull(explanation, "explanation");
    }

    public boolean allowed() {
        return outcome == Outcome.ALLOW;
    }

    static Decision allow(String statement, String explanation) {
        return new Decision(Outcome.ALLOW, Optional.of(statement), explanation);
    }

    static Decision explicitDeny(String statement, String explanation) {
        return new Decision(Outcome.EXPLICIT_DENY, Optional.of(statement), explanation);
    }

    static Decision implicitDeny(String explanation) {
        return new Decision(Outcome.IMPLICIT_DENY, Optional.empty(), explanation);
    }
}
