package dev.guard.sandbox.iam;

import java.util.Objects;

/** A policy document with the name decisions report it by (a managed policy's name, "bucket-policy", ...). */
public record NamedPolicy(String name, PolicyDocument document) {
    public NamedPolicy {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(document, "document");
    }
}
