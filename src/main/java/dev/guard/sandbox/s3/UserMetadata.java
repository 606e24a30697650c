package dev.guard.sandbox.s3;

import dev.guard.sandbox.server.AwsError;
import dev.guard.sandbox.server.Call;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * User metadata: the {@code x-amz-meta-*} headers of PutObject and CopyObject (REPLACE), kept
 * under their lower-cased names without the prefix and answered on Get/HeadObject. S3 allows
 * 2 KB, counted as the UTF-8 bytes of every name and value.
 */
final class UserMetadata {
    static final String PREFIX = "x-amz-meta-";
    static final int MAX_BYTES = 2048;

    private UserMetadata() {}

    static Map<String, String> of(Call call) {
        // Sorted: HTTP headers have no order, and the state file and answers should not vary.
        Map<String, String> metadata = new TreeMap<>();
        call.headers().forEach((name, values) -> {
            String lower = name.toLowerCase(java.util.Locale.ROOT);
            if (lower.startsWith(PREFIX) && !values.isEmpty()) {
                metadata.put(lower.substring(PREFIX.length()), String.join(",", values));
            }
        });
        int size = 0;
        for (var e : metadata.entrySet()) {
            size += e.getKey().getBytes(StandardCharsets.UTF_8).length
                    + e.getValue().getBytes(StandardCharsets.UTF_8).length;
        }
        if (size > MAX_BYTES) {
            throw new AwsError(
                            400, "MetadataTooLarge", "Your metadata headers exceed the maximum allowed metadata size.")
                    .withDetail("Size", Integer.toString(size))
                    .withDetail("MaxSizeAllowed", Integer.toString(MAX_BYTES));
        }
        return new LinkedHashMap<>(metadata);
    }

    /** The response headers that carry {@code metadata}. */
    static void addHeaders(Map<String, String> headers, Map<String, String> metadata) {
        metadata.forEach((name, value) -> headers.put(PREFIX + name, value));
    }
}
