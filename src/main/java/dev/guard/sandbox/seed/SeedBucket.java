package dev.guard.sandbox.seed;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * An S3 bucket: its bucket policy (a plain policy tree with {@code Principal}), whether
 * versioning is enabled, and its objects (key to text body, in file order).
 */
public record SeedBucket(String name, Optional<Object> policy, boolean versioning, Map<String, String> objects) {
    public SeedBucket {
        objects = Collections.unmodifiableMap(new LinkedHashMap<>(objects));
    }
}
