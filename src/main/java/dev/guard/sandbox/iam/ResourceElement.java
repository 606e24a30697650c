package dev.guard.sandbox.iam;

import java.util.List;
import java.util.stream.Stream;

/** A statement's Resource (or, negated, NotResource): ARN patterns matched case-sensitively, part by part. */
public record ResourceElement(List<String> patterns, boolean negated) {
    public ResourceElement {
        patterns = List.copyOf(patterns);
    }

    boolean matches(RequestContext ctx, boolean variables) {
        boolean listed = patterns.stream()
                .flatMap(p -> variables ? PolicyVariables.resolve(p, ctx).stream() : Stream.of(p))
                .anyMatch(p -> Wildcard.matchesArn(p, ctx.resource()));
        return listed != negated;
    }

    String elementName() {
        return negated ? "NotResource" : "Resource";
    }
}
