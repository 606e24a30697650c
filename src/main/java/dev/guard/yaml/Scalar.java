package dev.guard.yaml;

import java.util.Set;

/**
 * A scalar: its text exactly as the YAML parser resolved it, and its kind. {@code parameters}
 * names the runbook parameters whose values were substituted into it (empty when written
 * literally), so errors about a substituted value can say where it came from. {@code resolved}
 * is true once substitution is complete: its text is final even if it contains {@code ${} (from
 * an escaped {@code $${} or a parameter's value).
 */
public record Scalar(String text, Kind kind, Position position, Set<String> parameters, boolean resolved)
        implements Node {
    public enum Kind {
        STRING("a string"),
        INTEGER("a number"),
        FLOAT("a number"),
        BOOLEAN("true/false"),
        NULL("null");

        private final String description;

        Kind(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }
    }

    public Scalar(String text, Kind kind, Position position) {
        this(text, kind, position, Set.of(), false);
    }

    public boolean isNull() {
        return kind == Kind.NULL;
    }

    @Override
    public String kindName() {
        // `steps:` with nothing after it reads as an empty string: "got a string" would puzzle.
        return kind == Kind.STRING && text.isEmpty() ? "nothing (an empty value)" : kind.description();
    }
}
