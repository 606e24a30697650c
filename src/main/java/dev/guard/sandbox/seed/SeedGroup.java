package dev.guard.sandbox.seed;

import java.util.List;

/** An IAM group: its members get its policies. */
public record SeedGroup(String name, List<SeedPolicy> policies) {
    public SeedGroup {
        policies = List.copyOf(policies);
    }
}
