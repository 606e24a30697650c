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
import java.util.Optional;

/**
 * ListObjectsV2 and ListObjects (prefix, delimiter and common prefixes, max-keys, start-after, continuation,
 * encoding-type) and ListBuckets.
 */
final class Listings {
    private final S3Service s3;
    private final ObjectStore store;

    Listings(S3Service s3, ObjectStore store) {
        this.s3 = s3;
        this.store = store;
    }

    /** One page of a listing: the keys and common prefixes listed, in key order, and whether more follow. */
    private record Page(
            List<Map.Entry<String, ObjectStore.StoredObject>> contents,
            List<String> prefixes,
            int count,
            boolean truncated,
            ContinuationToken last) {}

    /**
     * Walks the keys after {@code from} under {@code prefix}, rolling keys up to their common prefix
     * at the first {@code delimiter} after it, up to {@code max} entries. A key whose common prefix
     * is not after {@code from} was listed (as that prefix) on an earlier page.
     */
    private static Page page(
            ObjectStore.Bucket bucket, String prefix, String delimiter, int max, ContinuationToken from) {
        List<Map.Entry<String, ObjectStore.StoredObject>> contents = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        int count = 0;
        ContinuationToken last = null;
        boolean truncated = false;
        for (var e : bucket.objects.tailMap(from.name(), false).entrySet()) {
            String key = e.getKey();
            if (!key.startsWith(prefix)) {
                continue;
            }
            String group = CommonPrefixes.of(key, prefix, delimiter);
            if (group != null && group.compareTo(from.name()) <= 0) {
                continue; // its common prefix was listed on an earlier page
            }
            if (group != null && last != null && last.rolledUp() && group.equals(last.name())) {
                continue; // rolled up into the common prefix just listed
            }
            if (count == max) {
                truncated = last != null; // max-keys=0 lists nothing, and has no place to go on from
                break;
            }
            count++;
            if (group != null) {
                prefixes.add(group);
                last = new ContinuationToken(group, true);
                continue;
            }
            contents.add(e);
            last = new ContinuationToken(key, false);
        }
        return new Page(contents, prefixes, count, truncated, last);
    }

    Reply objects(Call call, ObjectStore.Bucket bucket, S3Target t) {
        String resource = "arn:aws:s3:::" + bucket.name;
        Decision d = s3.authorize(call, bucket, "s3:ListBucket", resource);
        ListingNames names = ListingNames.of(t.query().get("encoding-type"));
        String prefix = t.query().getOrDefault("prefix", "");
        String delimiter = t.query().getOrDefault("delimiter", "");
        int max = maxKeys(t.query().get("max-keys"));
        String startAfter = t.query().get("start-after");
        String token = t.query().get("continuation-token");
        ContinuationToken from = start(token, startAfter, bucket);
        Page page = page(bucket, prefix, delimiter, max, from);
        Xml xml = new Xml()
                .open("ListBucketResult", "http://s3.amazonaws.com/doc/2006-03-01/")
                .element("Name", bucket.name)
                .element("Prefix", names.shown(prefix))
                .element("Delimiter", delimiter.isEmpty() ? null : names.shown(delimiter))
                .element("MaxKeys", max);
        // fetch-owner=true asks for each object's Owner, as ListObjects (v1) always gives it.
        String owner = "true".equalsIgnoreCase(t.query().get("fetch-owner")) ? bucket.accountId : null;
        page.contents().forEach(e -> contents(xml, names.shown(e.getKey()), e.getValue(), owner));
        CommonPrefixes.write(xml, names, page.prefixes());
        xml.element("KeyCount", page.count()).element("IsTruncated", page.truncated());
        if (page.truncated()) {
            xml.element("NextContinuationToken", page.last().encoded(bucket.name));
        }
        xml.element("ContinuationToken", token)
                .element("StartAfter", startAfter == null ? null : names.shown(startAfter))
                .element("EncodingType", names.encodingType())
                .close("ListBucketResult");
        return S3Service.reply(
                200, xml.toString().getBytes(StandardCharsets.UTF_8), Map.of(), "s3:ListBucket", resource, d, false);
    }

    /**
     * ListObjects (version 1, what boto3's {@code list_objects} sends): {@code marker} instead of a
     * token, an Owner on each object, and NextMarker only when a delimiter was given (without one,
     * a client goes on from the last key).
     */
    Reply objectsV1(Call call, ObjectStore.Bucket bucket, S3Target t) {
        String resource = "arn:aws:s3:::" + bucket.name;
        Decision d = s3.authorize(call, bucket, "s3:ListBucket", resource);
        ListingNames names = ListingNames.of(t.query().get("encoding-type"));
        String prefix = t.query().getOrDefault("prefix", "");
        String delimiter = t.query().getOrDefault("delimiter", "");
        int max = maxKeys(t.query().get("max-keys"));
        String marker = t.query().getOrDefault("marker", "");
        Page page = page(bucket, prefix, delimiter, max, new ContinuationToken(marker, false));
        Xml xml = new Xml()
                .open("ListBucketResult", "http://s3.amazonaws.com/doc/2006-03-01/")
                .element("Name", bucket.name)
                .element("Prefix", names.shown(prefix))
                .element("Marker", names.shown(marker));
        if (page.truncated() && !delimiter.isEmpty()) {
            xml.element("NextMarker", names.shown(page.last().name()));
        }
        xml.element("MaxKeys", max)
                .element("Delimiter", delimiter.isEmpty() ? null : names.shown(delimiter))
                .element("IsTruncated", page.truncated());
        page.contents().forEach(e -> contents(xml, names.shown(e.getKey()), e.getValue(), bucket.accountId));
        CommonPrefixes.write(xml, names, page.prefixes());
        xml.element("EncodingType", names.encodingType()).close("ListBucketResult");
        return S3Service.reply(
                200, xml.toString().getBytes(StandardCharsets.UTF_8), Map.of(), "s3:ListBucket", resource, d, false);
    }

    /** max-keys as S3 reads it: an integer from 0, at most 1,000 listed. */
    private static int maxKeys(String value) {
        if (value == null) {
            return 1000;
        }
        int max;
        try {
            max = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new AwsError(400, "InvalidArgument", "Provided max-keys not an integer or within integer range")
                    .withDetail("ArgumentName", "max-keys")
                    .withDetail("ArgumentValue", value);
        }
        if (max < 0) {
            throw new AwsError(400, "InvalidArgument", "Argument maxKeys must be an integer between 0 and 2147483647")
                    .withDetail("ArgumentName", "maxKeys")
                    .withDetail("ArgumentValue", value);
        }
        return Math.min(1000, max);
    }

    /** Where a page starts: after its continuation token's name, else after {@code start-after}. */
    private static ContinuationToken start(String token, String startAfter, ObjectStore.Bucket bucket) {
        return token != null
                ? ContinuationToken.decode(token, bucket.name)
                : new ContinuationToken(startAfter == null ? "" : startAfter, false);
    }

    /** One object of a listing page; ListObjects (v1) names its owner. */
    private static void contents(Xml xml, String shownKey, ObjectStore.StoredObject object, String owner) {
        xml.open("Contents")
                .element("Key", shownKey)
                .element("LastModified", Timestamps.xml(object.lastModified()))
                .element("ETag", object.etag())
                .element(
                        "ChecksumAlgorithm",
                        object.checksum().map(ObjectChecksum::algorithm).orElse(null))
                .element("Size", object.body().length)
                .element("StorageClass", "STANDARD");
        if (owner != null) {
            xml.open("Owner").element("ID", owner).close("Owner");
        }
        xml.close("Contents");
    }

    Reply buckets(Call call) {
        Xml xml = new Xml()
                .open("ListAllMyBucketsResult", "http://s3.amazonaws.com/doc/2006-03-01/")
                .open("Owner")
                .element("ID", call.caller().accountId())
                .close("Owner")
                .open("Buckets");
        store.buckets().values().stream()
                .filter(b -> b.accountId.equals(call.caller().accountId()))
                .map(b -> b.name)
                .sorted()
                .forEach(name -> xml.open("Bucket")
                        .element("Name", name)
                        .element("CreationDate", "2026-01-01T00:00:00.000Z")
                        .close("Bucket"));
        xml.close("Buckets").close("ListAllMyBucketsResult");
        return new Reply(
                200,
                "application/xml",
                xml.toString().getBytes(StandardCharsets.UTF_8),
                Map.of(),
                "s3:ListAllMyBuckets",
                "*",
                Optional.empty(),
                false);
    }
}
