package dev.guard.sandbox.iam;

import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of evaluating policies for one request, with the statement that decided it
 * ("policy-name#Sid", or "policy-name#statement[i]" with a zero-based index when it has no Sid),
 * a one-line explanation fit for a journal, and the kind of policy that decided a denial (AWS's
 * AccessDenied messages name it: "because no session policy allows the ec2:TerminateInstances
 * action", "with an explicit deny in a session policy"). An implicit deny names no deciding
 * statement but, when there was one, its closest miss: the statement that matched the action and
 * resource and failed only on a condition, with that condition — what the journal shows so a
 * refusal says why ("Bool aws:MultiFactorAuthPresent=true, the request carried none").
 */
public record Decision(
        Outcome outcome,
        Optional<String> decidingStatement,
        String explanation,
        PolicyKind kind,
        Optional<String> closestMiss,
        Optional<FailedCondition> failedCondition) {
    public enum Outcome {
        ALLOW,
        EXPLICIT_DENY,
        IMPLICIT_DENY
    }

    /** The policy types AWS names in its access-denied messages (a trust policy is a resource-based one). */
    public enum PolicyKind {
        IDENTITY("identity-based", "an"),
        SESSION("session", "a"),
        RESOURCE("resource-based", "a"),
        TRUST("resource-based", "a");

        private final String awsName;
        private final String article;

        PolicyKind(String awsName, String article) {
            this.awsName = awsName;
            this.article = article;
        }

        /** As the journal names it: identity, session, resource, trust. */
        public String journalName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public Decision {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(decidingStatement, "decidingStatement");
        Objects.requireNonNull(explanation, "explanation");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(closestMiss, "closestMiss");
        Objects.requireNonNull(failedCondition, "failedCondition");
    }

    public Decision(Outcome outcome, Optional<String> decidingStatement, String explanation, PolicyKind kind) {
        this(outcome, decidingStatement, explanation, kind, Optional.empty(), Optional.empty());
    }

    public Decision(Outcome outcome, Optional<String> decidingStatement, String explanation) {
        this(outcome, decidingStatement, explanation, PolicyKind.IDENTITY);
    }

    public boolean allowed() {
        return outcome == Outcome.ALLOW;
    }

    /** Whether a session policy decided this denial. */
    public boolean deniedBySessionPolicy() {
        return !allowed() && kind == PolicyKind.SESSION;
    }

    /**
     * The tail AWS puts after "User: ... is not authorized to perform: ACTION on resource: ARN" for
     * a denial: "because no session policy allows the ACTION action", or "with an explicit deny in a
     * session policy". Empty for an allow.
     */
    public String awsReason(String action) {
        return switch (outcome) {
            case ALLOW -> "";
            case EXPLICIT_DENY -> "with an explicit deny in " + kind.article + " " + kind.awsName + " policy";
            case IMPLICIT_DENY -> "because no " + kind.awsName + " policy allows the " + action + " action";
        };
    }

    /**
     * AWS's sentence for this denial: "User: PRINCIPAL is not authorized to perform: ACTION on
     * resource: RESOURCE because no session policy allows the ACTION action".
     */
    public String notAuthorized(String principalArn, String action, String resource) {
        return "User: " + principalArn + " is not authorized to perform: " + action + " on resource: " + resource + " "
                + awsReason(action);
    }

    /** This decision, as decided by a policy of {@code otherKind}. */
    Decision by(PolicyKind otherKind) {
        return new Decision(outcome, decidingStatement, explanation, otherKind, closestMiss, failedCondition);
    }

    /** This implicit deny with the statement that came closest to allowing and the condition it failed on. */
    Decision missing(String statement, FailedCondition condition) {
        return new Decision(
                outcome, decidingStatement, explanation, kind, Optional.of(statement), Optional.of(condition));
    }

    /** An implicit deny with another explanation, keeping this decision's kind and closest miss. */
    Decision explained(String otherExplanation) {
        return new Decision(
                Outcome.IMPLICIT_DENY, Optional.empty(), otherExplanation, kind, closestMiss, failedCondition);
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
