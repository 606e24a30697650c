package dev.guard.sandbox.s3;

import dev.guard.sandbox.iam.Decision;
import dev.guard.sandbox.server.Call;
import dev.guard.sandbox.server.Reply;
import dev.guard.sandbox.server.Xml;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/** ListObjectsV2 (prefix, max-keys, start-after, continuation, encoding-type) and ListBuckets. */
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
        int max = Math.min(1000, Integer.parseInt(t.query().getOrDefault("max-keys", "1000")));
        String startAfter = t.query().get("start-after");
        String token = t.query().get("continuation-token");
        String after = token != null ? ContinuationToken.key(token) : startAfter == null ? "" : startAfter;
        Xml xml = new Xml()
                .open("ListBucketResult", "http://s3.amazonaws.com/doc/2006-03-01/")
                .element("Name", bucket.name)
                .element("Prefix", names.shown(prefix))
                .element("MaxKeys", max);
        int count = 0;
        String last = null;
        boolean truncated = false;
        for (var e : bucket.objects.tailMap(after, false).entrySet()) {
            if (!e.getKey().startsWith(prefix)) {
                continue;
            }
            if (count == max) {
                truncated = true;
                break;
            }
            ObjectStore.StoredObject object = e.getValue();
            xml.open("Contents")
                    .element("Key", names.shown(e.getKey()))
                    .element("LastModified", Timestamps.xml(object.lastModified()))
                    .element("ETag", object.etag())
                    .element(
                            "ChecksumAlgorithm",
                            object.checksum().map(ObjectChecksum::algorithm).orElse(null))
                    .element("Size", object.body().length)
                    .element("StorageClass", "STANDARD")
                    .close("Contents");
            last = e.getKey();
            count++;
        }
        xml.element("KeyCount", count).element("IsTruncated", truncated);
        if (truncated) {
            xml.element("NextContinuationToken", ContinuationToken.of(last));
        }
        xml.element("ContinuationToken", token)
                .element("StartAfter", startAfter == null ? null : names.shown(startAfter))
                .element("EncodingType", names.encodingType())
                .close("ListBucketResult");
        return S3Service.reply(
                200, xml.toString().getBytes(StandardCharsets.UTF_8), Map.of(), "s3:ListBucket", resource, d, false);
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
