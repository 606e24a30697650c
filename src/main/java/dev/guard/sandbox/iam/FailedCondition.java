package dev.guard.sandbox.iam;

import java.util.List;
import java.util.Objects;

/**
 * The one condition that kept a statement from applying, for the journal: the operator and key as
 * the policy writes them, the policy's values ({@code expected}) and what the request carried
 * ({@code actual}; empty when the key was absent — not the same as "false").
 */
public record FailedCondition(String operator, String key, List<String> expected, List<String> actual) {
    public FailedCondition {
        Objects.requireNonNull(operator, "operator");
        Objects.requireNonNull(key, "key");
        expected = List.copyOf(expected);
        actual = List.copyOf(actual);
    }

    /** One line for a terminal: {@code Bool aws:MultiFactorAuthPresent=true (request: absent)}. */
    public String describe() {
        return operator + " " + key + "=" + (expected.size() == 1 ? expected.get(0) : expected) + " (request: "
                + (actual.isEmpty() ? "absent" : String.join(",", actual)) + ")";
    }
}
