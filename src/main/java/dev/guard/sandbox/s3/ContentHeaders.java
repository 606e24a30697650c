package dev.guard.sandbox.s3;

import dev.guard.sandbox.server.Call;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The standard HTTP headers S3 keeps with an object (its "system metadata") and answers on
 * Get/HeadObject: Cache-Control, Content-Disposition, Content-Encoding, Content-Language and
 * Expires, as PutObject, CopyObject (REPLACE) and CreateMultipartUpload gave them. Content-Encoding
 * loses the {@code aws-chunked} framing the SDKs add for a streamed upload, as S3 drops it: only what
 * the body is encoded with is kept.
 */
final class ContentHeaders {
    /** The headers kept, in the spelling they are answered with. */
    static final List<String> NAMES =
            List.of("Cache-Control", "Content-Disposition", "Content-Encoding", "Content-Language", "Expires");

    private ContentHeaders() {}

    /** The kept headers a request carries, by their answered name. */
    static Map<String, String> of(Call call) {
        Map<String, String> kept = new LinkedHashMap<>();
        for (String name : NAMES) {
            String value = call.header(name.toLowerCase(java.util.Locale.ROOT));
            if (value == null) {
                value = call.header(name);
            }
            if (value != null && name.equals("Content-Encoding")) {
                value = withoutChunkedFraming(value);
            }
            if (value != null && !value.isEmpty()) {
                kept.put(name, value);
            }
        }
        return kept;
    }

    /** {@code value} without its {@code aws-chunked} coding ("aws-chunked,gzip" is "gzip"). */
    static String withoutChunkedFraming(String value) {
        return Arrays.stream(value.split(","))
                .map(String::strip)
                .filter(c -> !c.isEmpty() && !c.equalsIgnoreCase("aws-chunked"))
                .collect(Collectors.joining(","));
    }

    /** Adds the stored headers to a Get/HeadObject answer. */
    static void addHeaders(Map<String, String> headers, Map<String, String> stored) {
        headers.putAll(stored);
    }
}
