package dev.guard.sandbox.persist;

import dev.guard.json.JsonObject;
import dev.guard.sandbox.s3.ObjectChecksum;
import dev.guard.sandbox.s3.Uploads;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Multipart uploads in progress in the state file: what each will make (key, type, metadata, tags,
 * checksum algorithm and type, initiator) and its parts' numbers, ETags, sizes and checksums. The
 * parts' bytes are in {@link PartFiles}. State files written before multipart uploads have none.
 */
final class UploadState {
    private UploadState() {}

    static List<Map<String, Object>> capture(Uploads uploads) {
        return uploads.all().stream().map(u -> upload(u, uploads.parts(u.id()))).toList();
    }

    static void restore(Map<String, Object> tree, JsonObject root, Uploads uploads) {
        if (!tree.containsKey("uploads")) {
            return;
        }
        for (JsonObject u : root.list("uploads")) {
            Uploads.Upload upload = new Uploads.Upload(
                    u.string("id"),
                    u.string("bucket"),
                    u.string("key"),
                    u.instant("initiated"),
                    u.string("contentType"),
                    u.strings("metadata"),
                    u.strings("tags"),
                    u.optionalString("checksumAlgorithm"),
                    u.optionalString("checksumType"),
                    u.string("initiator"),
                    // State files written before content headers were kept have none.
                    u.optionalObject("contentHeaders").isPresent() ? u.strings("contentHeaders") : Map.of());
            uploads.restore(
                    upload, u.list("parts").stream().map(UploadState::part).toList());
        }
    }

    private static Map<String, Object> upload(Uploads.Upload u, List<Uploads.Part> parts) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", u.id());
        m.put("bucket", u.bucket());
        m.put("key", u.key());
        m.put("initiated", u.initiated().toString());
        m.put("contentType", u.contentType());
        m.put("metadata", u.metadata());
        m.put("tags", u.tags());
        u.checksumAlgorithm().ifPresent(a -> m.put("checksumAlgorithm", a));
        u.checksumType().ifPresent(t -> m.put("checksumType", t));
        m.put("initiator", u.initiatorArn());
        if (!u.contentHeaders().isEmpty()) {
            m.put("contentHeaders", u.contentHeaders());
        }
        m.put("parts", parts.stream().map(UploadState::part).toList());
        return m;
    }

    private static Map<String, Object> part(Uploads.Part p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("number", p.number());
        m.put("etag", p.etag());
        m.put("size", p.size());
        m.put("lastModified", p.lastModified().toString());
        p.checksum().ifPresent(c -> {
            m.put("checksumAlgorithm", c.algorithm());
            m.put("checksum", c.value());
        });
        return m;
    }

    private static Uploads.Part part(JsonObject p) {
        return new Uploads.Part(
                (int) p.number("number"),
                p.string("etag"),
                p.number("size"),
                Instant.parse(p.string("lastModified")),
                p.optionalString("checksumAlgorithm").map(a -> new ObjectChecksum(a, p.string("checksum"))));
    }
}
