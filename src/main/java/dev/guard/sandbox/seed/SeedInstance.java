package dev.guard.sandbox.seed;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An EC2 instance as seeded: {@code state} is an EC2 state name ({@code running}, {@code
 * stopped}, ...); {@code disableApiTermination} is termination protection. Tags keep file order.
 * {@code region} is where it lives (us-east-1 unless the seed says {@code region:}).
 */
public record SeedInstance(
        String id,
        String state,
        String instanceType,
        Map<String, String> tags,
        boolean disableApiTermination,
        String region) {
    public SeedInstance {
        tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
    }

    /** An instance in us-east-1, the region of every example runbook. */
    public SeedInstance(
            String id, String state, String instanceType, Map<String, String> tags, boolean disableApiTermination) {
        this(id, state, instanceType, tags, disableApiTermination, "us-east-1");
    }
}
