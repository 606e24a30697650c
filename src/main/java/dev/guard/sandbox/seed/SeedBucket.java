package dev.guard.sandbox.seed;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * An S3 bucket: its bucket policy (a plain policy tree with {@code Principal}), whether
 * versioning is enabled, its objects (key to text body, in file order) and its region.
 */
public record SeedBucket(
        String name, Optional<Object> policy, boolean versioning, Map<String, String> objects, String region) {
    public SeedBucket {
        objects = Collections.unmodifiableMap(new LinkedHashMap<>(objects));
    }

    /** A bucket in us-east-1, the region of a seed bucket that names none. */
    public SeedBucket(String name, Optional<Object> policy, boolean versioning, Map<String, String> objects) {
        this(name, policy, versioning, objects, "us-east-1");
    }
}
