package dev.guard.sandbox.seed;

/**
 * A named policy. {@code document} is AWS's JSON policy grammar as a plain tree of {@code Map},
 * {@code List}, {@code String}, {@code Boolean}, {@code Long}/{@code Double} (see {@link
 * PlainTree}), ready for an IAM evaluator.
 */
public record SeedPolicy(String name, Object document) {}
