package dev.guard.sandbox.s3;

import dev.guard.sandbox.iam.Decision;
import dev.guard.sandbox.server.AwsError;
import dev.guard.sandbox.server.Call;
import dev.guard.sandbox.server.Reply;
import dev.guard.sandbox.server.Xml;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * ListObjectVersions: every version and delete marker, keys in order and each key's versions newest
 * first, with prefix, delimiter (common prefixes), key-marker and version-id-marker, max-keys and
 * encoding-type, as S3 answers it.
 */
final class VersionListing {
    private static final String XMLNS = "http://s3.amazonaws.com/doc/2006-03-01/";

    /** Where the listing resumes: after {@code key} (all of it, or from after {@code versionId}). */
    private record Marker(String key, String versionId) {}

    /** The page being built: its entries in order and where it ended. */
    private static final class Page {
        final List<Object> entries = new ArrayList<>();
        String lastKey;
        String lastVersionId;
        boolean truncated;
    }

    private VersionListing() {}

    static Reply list(S3Service s3, Call call, ObjectStore.Bucket bucket, S3Target t) {
        String resource = "arn:aws:s3:::" + bucket.name;
        Decision d = s3.authorize(call, bucket, "s3:ListBucketVersions", resource);
        ListingNames names = ListingNames.of(t.query().get("encoding-type"));
        String prefix = t.query().getOrDefault("prefix", "");
        String delimiter = t.query().getOrDefault("delimiter", "");
        int max = maxKeys(t.query().get("max-keys"));
        Marker marker = marker(t.query().get("key-marker"), t.query().get("version-id-marker"));
        Page page = page(bucket, prefix, delimiter, max, marker);
        Xml xml = new Xml()
                .open("ListVersionsResult", XMLNS)
                .element("Name", bucket.name)
                .element("Prefix", names.shown(prefix))
                .element("KeyMarker", names.shown(marker.key()))
                .element("VersionIdMarker", marker.versionId() == null ? "" : marker.versionId());
        if (page.truncated) {
            xml.element("NextKeyMarker", names.shown(page.lastKey)).element("NextVersionIdMarker", page.lastVersionId);
        }
        xml.element("MaxKeys", max)
                .element("Delimiter", delimiter.isEmpty() ? null : names.shown(delimiter))
                .element("IsTruncated", page.truncated);
        List<String> commonPrefixes = new ArrayList<>();
        for (Object entry : page.entries) {
            if (entry instanceof ObjectStore.Version v) {
                version(xml, names, v, bucket);
            } else {
                commonPrefixes.add((String) entry);
            }
        }
        CommonPrefixes.write(xml, names, commonPrefixes);
        xml.element("EncodingType", names.encodingType()).close("ListVersionsResult");
        return S3Service.reply(
                200,
                xml.toString().getBytes(StandardCharsets.UTF_8),
                Map.of(),
                "s3:ListBucketVersions",
                resource,
                d,
                false);
    }

    private static Page page(ObjectStore.Bucket bucket, String prefix, String delimiter, int max, Marker marker) {
        Page page = new Page();
        String lastPrefix = marker.key().endsWith(delimiter) && !delimiter.isEmpty() ? marker.key() : null;
        int count = 0;
        for (var e : bucket.allVersions().tailMap(marker.key(), true).entrySet()) {
            String key = e.getKey();
            if (!key.startsWith(prefix) || (key.equals(marker.key()) && marker.versionId() == null)) {
                continue;
            }
            String group = CommonPrefixes.of(key, prefix, delimiter);
            if (group != null) {
                if (group.equals(lastPrefix)) {
                    continue; // rolled up into the common prefix already listed
                }
                if (count == max) {
                    page.truncated = max > 0;
                    return page;
                }
                count++;
                page.entries.add(group);
                page.lastKey = group;
                page.lastVersionId = null;
                lastPrefix = group;
                continue;
            }
            boolean skipping = key.equals(marker.key());
            for (ObjectStore.Version v : e.getValue()) {
                if (skipping) {
                    skipping = !v.versionId().equals(marker.versionId());
                    continue;
                }
                if (count == max) {
                    page.truncated = max > 0;
                    return page;
                }
                count++;
                page.entries.add(v);
                page.lastKey = key;
                page.lastVersionId = v.versionId();
            }
        }
        return page;
    }

    private static void version(Xml xml, ListingNames names, ObjectStore.Version v, ObjectStore.Bucket bucket) {
        boolean latest = bucket.latest(v.key())
                .map(l -> l.versionId().equals(v.versionId()))
                .orElse(false);
        String element = v.deleteMarker() ? "DeleteMarker" : "Version";
        xml.open(element)
                .element("Key", names.shown(v.key()))
                .element("VersionId", v.versionId())
                .element("IsLatest", latest)
                .element("LastModified", Timestamps.xml(v.lastModified()));
        v.object()
                .ifPresent(o -> xml.element("ETag", o.etag())
                        .element(
                                "ChecksumAlgorithm",
                                o.checksum().map(ObjectChecksum::algorithm).orElse(null))
                        .element("Size", o.body().length)
                        .element("StorageClass", "STANDARD"));
        xml.open("Owner").element("ID", bucket.accountId()).close("Owner").close(element);
    }

    private static Marker marker(String keyMarker, String versionIdMarker) {
        if (versionIdMarker != null && !versionIdMarker.isEmpty()) {
            if (keyMarker == null || keyMarker.isEmpty()) {
                throw new AwsError(
                                400, "InvalidArgument", "A version-id marker cannot be specified without a key marker.")
                        .withDetail("ArgumentName", "version-id-marker")
                        .withDetail("ArgumentValue", versionIdMarker);
            }
            if (!ObjectStore.wellFormedVersionId(versionIdMarker)) {
                throw new AwsError(400, "InvalidArgument", "Invalid version id specified")
                        .withDetail("ArgumentName", "version-id-marker")
                        .withDetail("ArgumentValue", versionIdMarker);
            }
            return new Marker(keyMarker, versionIdMarker);
        }
        return new Marker(keyMarker == null ? "" : keyMarker, null);
    }

    private static int maxKeys(String text) {
        if (text == null) {
            return 1000;
        }
        try {
            int max = Integer.parseInt(text);
            if (max >= 0) {
                return Math.min(1000, max);
            }
        } catch (NumberFormatException e) {
            // answered below, as S3 answers it
        }
        throw new AwsError(400, "InvalidArgument", "Provided max-keys not an integer or within integer range")
                .withDetail("ArgumentName", "max-keys")
                .withDetail("ArgumentValue", text);
    }
}
