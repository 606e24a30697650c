package dev.guard.sandbox.iam;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One statement of a policy. Principal is present only in resource-based and trust policies;
 * Resource is absent only in trust policies. Conditions must all hold.
 */
public record Statement(
        Optional<String> sid,
        Effect effect,
        Optional<PrincipalElement> principal,
        ActionElement action,
        Optional<ResourceElement> resource,
        List<Condition> conditions) {

    public enum Effect {
        ALLOW("Allow"),
        DENY("Deny");

        private final String awsName;

        Effect(String awsName) {
            this.awsName = awsName;
        }

        public String awsName() {
            return awsName;
        }
    }

    public Statement {
        Objects.requireNonNull(sid, "sid");
        Objects.requireNonNull(effect, "effect");
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(resource, "resource");
        conditions = List.copyOf(conditions);
    }
}
