package dev.guard.sandbox.seed;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An S3 bucket: its bucket policy (a plain policy tree with {@code Principal}), whether
 * versioning is enabled, its objects (key to the current text body, in file order), its region,
 * and in a versioned bucket each key's earlier bodies (oldest first), which become noncurrent
 * versions — so a permanent delete of versions can be rehearsed on the bundled seed.
 */
public record SeedBucket(
        String name,
        Optional<Object> policy,
        boolean versioning,
        Map<String, String> objects,
        String region,
        Map<String, List<String>> history) {
    public SeedBucket {
        objects = Collections.unmodifiableMap(new LinkedHashMap<>(objects));
        history = Collections.unmodifiableMap(new LinkedHashMap<>(history));
    }

    public SeedBucket(
            String name, Optional<Object> policy, boolean versioning, Map<String, String> objects, String region) {
        this(name, policy, versioning, objects, region, Map.of());
    }

    /** A bucket in us-east-1, the region of a seed bucket that names none. */
    public SeedBucket(String name, Optional<Object> policy, boolean versioning, Map<String, String> objects) {
        this(name, policy, versioning, objects, "us-east-1");
    }

    /** A key's earlier bodies, oldest first; empty for most keys. */
    public List<String> earlier(String key) {
        return history.getOrDefault(key, List.of());
    }
}
