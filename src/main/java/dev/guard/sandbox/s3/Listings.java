package dev.guard.sandbox.s3;

import dev.guard.sandbox.iam.Decision;
import dev.guard.sandbox.server.Call;
import dev.guard.sandbox.server.Reply;
import dev.guard.sandbox.server.Xml;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * ListObjectsV2 (prefix, delimiter and common prefixes, max-keys, start-after, continuation,
 * encoding-type) and ListBuckets.
 */
final class Listings {
    private final S3Service s3;
    private final ObjectStore store;

    Listings(S3Service s3, ObjectStore store) {
        this.s3 = s3;
        this.store = store;
    }

    Reply objects(Call call, ObjectStore.Bucket bucket, S3Target t) {
        String resource = "arn:aws:s3:::" + bucket.name;
        Decision d = s3.authorize(call, bucket, "s3:ListBucket", resource);
        ListingNames names = ListingNames.of(t.query().get("encoding-type"));
        String prefix = t.query().getOrDefault("prefix", "");
        String delimiter = t.query().getOrDefault("delimiter", "");
        int max = Math.min(1000, Integer.parseInt(t.query().getOrDefault("max-keys", "1000")));
        String startAfter = t.query().get("start-after");
        String token = t.query().get("continuation-token");
        ContinuationToken from = start(token, startAfter);
        Xml xml = new Xml()
                .open("ListBucketResult", "http://s3.amazonaws.com/doc/2006-03-01/")
                .element("Name", bucket.name)
                .element("Prefix", names.shown(prefix))
                .element("Delimiter", delimiter.isEmpty() ? null : names.shown(delimiter))
                .element("MaxKeys", max);
        List<String> commonPrefixes = new ArrayList<>();
        int count = 0;
        ContinuationToken last = null;
        boolean truncated = false;
        for (var e : bucket.objects.tailMap(from.name(), false).entrySet()) {
            String key = e.getKey();
            if (!key.startsWith(prefix) || (from.rolledUp() && key.startsWith(from.name()))) {
                continue;
            }
            int cut = delimiter.isEmpty() ? -1 : key.indexOf(delimiter, prefix.length());
            String group = cut < 0 ? null : key.substring(0, cut + delimiter.length());
            if (group != null && last != null && last.rolledUp() && group.equals(last.name())) {
                continue; // rolled up into the common prefix just listed
            }
            if (count == max) {
                truncated = last != null; // max-keys=0 lists nothing, and has no place to go on from
                break;
            }
            count++;
            if (group != null) {
                commonPrefixes.add(group);
                last = new ContinuationToken(group, true);
                continue;
            }
            contents(xml, names.shown(key), e.getValue());
            last = new ContinuationToken(key, false);
        }
        commonPrefixes.forEach(p ->
                xml.open("CommonPrefixes").element("Prefix", names.shown(p)).close("CommonPrefixes"));
        xml.element("KeyCount", count).element("IsTruncated", truncated);
        if (truncated) {
            xml.element("NextContinuationToken", last.encoded());
        }
        xml.element("ContinuationToken", token)
                .element("StartAfter", startAfter == null ? null : names.shown(startAfter))
                .element("EncodingType", names.encodingType())
                .close("ListBucketResult");
        return S3Service.reply(
                200, xml.toString().getBytes(StandardCharsets.UTF_8), Map.of(), "s3:ListBucket", resource, d, false);
    }

    /** Where a page starts: after its continuation token's name, else after {@code start-after}. */
    private static ContinuationToken start(String token, String startAfter) {
        return token != null
                ? ContinuationToken.decode(token)
                : new ContinuationToken(startAfter == null ? "" : startAfter, false);
    }

    /** One object of a ListObjectsV2 page. */
    private static void contents(Xml xml, String shownKey, ObjectStore.StoredObject object) {
        xml.open("Contents")
                .element("Key", shownKey)
                .element("LastModified", Timestamps.xml(object.lastModified()))
                .element("ETag", object.etag())
                .element(
                        "ChecksumAlgorithm",
                        object.checksum().map(ObjectChecksum::algorithm).orElse(null))
                .element("Size", object.body().length)
                .element("StorageClass", "STANDARD")
                .close("Contents");
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
