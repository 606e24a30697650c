package dev.guard.action.s3;

import dev.guard.action.Target;
import dev.guard.aws.Calls;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.EncodingType;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;

/** The versions and delete markers of keys, read with ListObjectVersions, page by page. */
final class ObjectVersions {
    /** What separates a key from its version id in a target's id: S3's own URL form. */
    static final String SEPARATOR = "?versionId=";

    private ObjectVersions() {}

    /**
     * One version or delete marker.
     *
     * @param size and {@code etag}: null for a delete marker
     */
    record Version(
            String key, String versionId, boolean marker, boolean latest, Long size, String etag, Instant modified) {
        String id() {
            return key + SEPARATOR + versionId;
        }

        Target target() {
            List<String> notes = new ArrayList<>();
            notes.add(marker ? "delete marker" : size + " bytes");
            notes.add(latest ? "latest" : "noncurrent");
            if (modified != null) {
                notes.add("last modified " + modified);
            }
            Map<String, String> fingerprint = new LinkedHashMap<>();
            fingerprint.put("versionId", versionId);
            if (marker) {
                fingerprint.put("deleteMarker", "true");
            } else {
                fingerprint.putAll(S3Reads.fingerprint(etag, versionId, size));
            }
            return new Target(id(), Optional.empty(), Map.of(), notes, Optional.empty(), fingerprint);
        }
    }

    /** A target's key and version id, from its id and fingerprint (as {@link Version#target} wrote them). */
    static Map.Entry<String, String> keyAndVersion(Target t) {
        String versionId = t.fingerprint().get("versionId");
        String suffix = SEPARATOR + versionId;
        if (versionId == null || !t.id().endsWith(suffix)) {
            throw new IllegalArgumentException("not an object version target: " + t.id());
        }
        return Map.entry(t.id().substring(0, t.id().length() - suffix.length()), versionId);
    }

    /** Every version and delete marker of exactly {@code key}, newest first. */
    static List<Version> of(S3Client s3, Calls calls, String bucket, String key) {
        return list(s3, calls, bucket, key, key);
    }

    /** Every version and delete marker of every key under {@code prefix}, by key, newest first. */
    static List<Version> under(S3Client s3, Calls calls, String bucket, String prefix) {
        return list(s3, calls, bucket, prefix, null);
    }

    /**
     * The versions of the keys under {@code prefix} up to {@code lastKey} (S3 lists keys in UTF-8
     * byte order, so the listing stops at the first key beyond it): one listing reads back a whole
     * batch instead of one call per key.
     */
    static List<Version> upTo(S3Client s3, Calls calls, String bucket, String prefix, String lastKey) {
        return list(s3, calls, bucket, prefix, lastKey);
    }

    /** S3's key order: UTF-8 bytes, which is code point order (not Java's UTF-16 order). */
    static final Comparator<String> KEY_ORDER = (a, b) -> {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int x = a.codePointAt(i);
            int y = b.codePointAt(j);
            if (x != y) {
                return Integer.compare(x, y);
            }
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    };

    /** The longest prefix all {@code keys} share, whole code points only. */
    static String commonPrefix(List<String> keys) {
        String p = keys.get(0);
        for (String k : keys) {
            int n = 0;
            while (n < p.length() && n < k.length() && p.charAt(n) == k.charAt(n)) {
                n++;
            }
            if (n > 0 && n < p.length() && Character.isHighSurrogate(p.charAt(n - 1))) {
                n--;
            }
            p = p.substring(0, n);
        }
        return p;
    }

    /**
     * @param last the last key wanted: the listing stops at the first key beyond it; null for all
     */
    private static List<Version> list(S3Client s3, Calls calls, String bucket, String prefix, String last) {
        List<Version> out = new ArrayList<>();
        String keyMarker = null;
        String versionMarker = null;
        while (true) {
            String k = keyMarker;
            String v = versionMarker;
            ListObjectVersionsResponse page = calls.call(
                    "ListObjectVersions",
                    // URL-encoded keys (the SDK decodes them), as for ListObjectsV2: one key XML cannot
                    // carry must not make the rest unlistable.
                    () -> s3.listObjectVersions(b -> b.bucket(bucket)
                            .prefix(prefix)
                            .encodingType(EncodingType.URL)
                            .keyMarker(k)
                            .versionIdMarker(v)));
            List<Version> found = new ArrayList<>();
            page.versions()
                    .forEach(o -> found.add(new Version(
                            o.key(),
                            o.versionId(),
                            false,
                            Boolean.TRUE.equals(o.isLatest()),
                            o.size(),
                            o.eTag(),
                            o.lastModified())));
            page.deleteMarkers()
                    .forEach(m -> found.add(new Version(
                            m.key(),
                            m.versionId(),
                            true,
                            Boolean.TRUE.equals(m.isLatest()),
                            null,
                            null,
                            m.lastModified())));
            boolean beyond = false;
            for (Version each : found) {
                if (last == null || KEY_ORDER.compare(each.key(), last) <= 0) {
                    out.add(each);
                } else {
                    beyond = true; // keys come in S3's order: none after this one is wanted
                }
            }
            if (beyond || !Boolean.TRUE.equals(page.isTruncated())) {
                break;
            }
            keyMarker = page.nextKeyMarker();
            versionMarker = page.nextVersionIdMarker();
        }
        return ordered(out);
    }

    /** By key (as S3 lists them), and within a key newest first: versions and markers interleaved. */
    static List<Version> ordered(List<Version> versions) {
        List<Version> out = new ArrayList<>(versions);
        out.sort(Comparator.comparing(Version::key, KEY_ORDER)
                .thenComparing(Version::latest, Comparator.reverseOrder())
                .thenComparing(Version::modified, Comparator.nullsLast(Comparator.reverseOrder())));
        return out;
    }
}
