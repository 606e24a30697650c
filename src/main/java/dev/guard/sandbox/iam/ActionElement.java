package dev.guard.sandbox.iam;

import java.util.List;

/** A statement's Action (or, negated, NotAction): patterns like "s3:*" matched case-insensitively. */
public record ActionElement(List<String> patterns, boolean negated) {
    public ActionElement {
        patterns = List.copyOf(patterns);
    }

    boolean matches(String action) {
        boolean listed = patterns.stream().anyMatch(p -> Wildcard.matches(p, action, true));
        return listed != negated;
    }

    String elementName() {
        return negated ? "NotAction" : "Action";
    }
}
