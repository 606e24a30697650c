package dev.guard.sandbox.seed;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An EC2 instance as seeded: {@code state} is an EC2 state name ({@code running}, {@code
 * stopped}, ...); {@code disableApiTermination} is termination protection. Tags keep file order.
 */
public record SeedInstance(
        String id, String state, String instanceType, Map<String, String> tags, boolean disableApiTermination) {
    public SeedInstance {
        tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
    }
}
