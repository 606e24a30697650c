package dev.guard.sandbox.s3;

import dev.guard.sandbox.iam.Decision;
import dev.guard.sandbox.server.Call;
import dev.guard.sandbox.server.Reply;
import dev.guard.sandbox.server.Xml;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * ListParts (paged by part-number-marker and max-parts; s3:ListMultipartUploadParts) and
 * ListMultipartUploads (prefix, delimiter, key-marker and upload-id-marker, max-uploads;
 * s3:ListBucketMultipartUploads), in S3's XML.
 */
final class MultipartListings {
    private final S3Service s3;
    private final MultipartUploads multipart;
    private final Uploads uploads;

    MultipartListings(S3Service s3, MultipartUploads multipart, Uploads uploads) {
        this.s3 = s3;
        this.multipart = multipart;
        this.uploads = uploads;
    }

    Reply parts(Call call, ObjectStore.Bucket bucket, S3Target t) {
        String resource = MultipartUploads.objectArn(bucket, t.key());
        Decision d = s3.authorize(call, bucket, "s3:ListMultipartUploadParts", resource);
        Uploads.Upload upload = multipart.upload(bucket, t);
        int max = count(t.query().get("max-parts"), "max-parts");
        int marker = count(t.query().get("part-number-marker"), "part-number-marker");
        List<Uploads.Part> after = uploads.parts(upload.id()).stream()
                .filter(p -> p.number() > marker)
                .toList();
        List<Uploads.Part> page = after.subList(0, Math.min(after.size(), Math.min(max, 1000)));
        Xml xml = new Xml()
                .open("ListPartsResult", MultipartUploads.XMLNS)
                .element("Bucket", bucket.name())
                .element("Key", t.key())
                .element("UploadId", upload.id())
                .element("PartNumberMarker", marker)
                .element(
                        "NextPartNumberMarker",
                        page.isEmpty() ? 0 : page.get(page.size() - 1).number())
                .element("MaxParts", max)
                .element("IsTruncated", page.size() < after.size());
        for (Uploads.Part p : page) {
            xml.open("Part")
                    .element("PartNumber", p.number())
                    .element("LastModified", Timestamps.xml(p.lastModified()))
                    .element("ETag", p.etag())
                    .element("Size", p.size());
            // A part's checksum is listed only when the upload chose an algorithm, as S3 does.
            if (upload.checksumAlgorithm().isPresent()) {
                p.checksum().ifPresent(c -> xml.element("Checksum" + c.algorithm(), c.value()));
            }
            xml.close("Part");
        }
        people(xml, upload, bucket);
        xml.element("StorageClass", "STANDARD")
                .element("ChecksumAlgorithm", upload.checksumAlgorithm().orElse(null))
                .element("ChecksumType", upload.checksumType().orElse(null))
                .close("ListPartsResult");
        return S3Service.reply(
                200,
                xml.toString().getBytes(StandardCharsets.UTF_8),
                Map.of(),
                "s3:ListMultipartUploadParts",
                resource,
                d,
                false);
    }

    Reply uploads(Call call, ObjectStore.Bucket bucket, S3Target t) {
        String resource = "arn:aws:s3:::" + bucket.name();
        Decision d = s3.authorize(call, bucket, "s3:ListBucketMultipartUploads", resource);
        Map<String, String> q = t.query();
        ListingNames names = ListingNames.of(q.get("encoding-type"));
        int max = count(q.get("max-uploads"), "max-uploads");
        String prefix = q.getOrDefault("prefix", "");
        String delimiter = q.getOrDefault("delimiter", "");
        String keyMarker = q.getOrDefault("key-marker", "");
        String idMarker = keyMarker.isEmpty() ? "" : q.getOrDefault("upload-id-marker", "");
        List<Uploads.Upload> all = uploads.inBucket(bucket.name());
        if (!idMarker.isEmpty()
                && all.stream()
                        .noneMatch(u -> u.id().equals(idMarker) && u.key().equals(keyMarker))) {
            throw MultipartUploads.invalidArgument("Invalid uploadId marker", "upload-id-marker", idMarker);
        }
        Page page = page(all, prefix, delimiter, keyMarker, idMarker, Math.min(max, 1000));
        List<Uploads.Upload> listed = page.uploads();
        List<String> commonPrefixes = page.commonPrefixes();
        boolean truncated = page.truncated();
        Xml xml = new Xml()
                .open("ListMultipartUploadsResult", MultipartUploads.XMLNS)
                .element("Bucket", bucket.name())
                .element("KeyMarker", names.shown(keyMarker))
                .element("UploadIdMarker", idMarker)
                .element(
                        "NextKeyMarker",
                        listed.isEmpty() ? "" : names.shown(last(listed).key()))
                .element(
                        "NextUploadIdMarker",
                        listed.isEmpty() ? "" : last(listed).id())
                .element("Delimiter", delimiter.isEmpty() ? null : names.shown(delimiter))
                .element("Prefix", q.containsKey("prefix") ? names.shown(prefix) : null)
                .element("MaxUploads", max)
                .element("IsTruncated", truncated);
        for (Uploads.Upload u : listed) {
            xml.open("Upload").element("Key", names.shown(u.key())).element("UploadId", u.id());
            people(xml, u, bucket);
            xml.element("StorageClass", "STANDARD")
                    .element("Initiated", Timestamps.xml(u.initiated()))
                    .element("ChecksumAlgorithm", u.checksumAlgorithm().orElse(null))
                    .element("ChecksumType", u.checksumType().orElse(null))
                    .close("Upload");
        }
        CommonPrefixes.write(xml, names, commonPrefixes);
        xml.element("EncodingType", names.encodingType()).close("ListMultipartUploadsResult");
        return S3Service.reply(
                200,
                xml.toString().getBytes(StandardCharsets.UTF_8),
                Map.of(),
                "s3:ListBucketMultipartUploads",
                resource,
                d,
                false);
    }

    /** One page of ListMultipartUploads: uploads and common prefixes, and whether more follow. */
    record Page(List<Uploads.Upload> uploads, List<String> commonPrefixes, boolean truncated) {}

    /** The uploads after the markers, under the prefix, rolled up at the delimiter, at most {@code max}. */
    static Page page(
            List<Uploads.Upload> all, String prefix, String delimiter, String keyMarker, String idMarker, int max) {
        List<Uploads.Upload> listed = new ArrayList<>();
        List<String> commonPrefixes = new ArrayList<>();
        boolean truncated = false;
        boolean pastIdMarker = idMarker.isEmpty();
        for (Uploads.Upload u : all) {
            if (!u.key().startsWith(prefix) || u.key().compareTo(keyMarker) < 0) {
                continue;
            }
            if (u.key().equals(keyMarker) && !pastIdMarker) {
                pastIdMarker = u.id().equals(idMarker);
                continue;
            }
            if (u.key().equals(keyMarker) && idMarker.isEmpty()) {
                continue;
            }
            String group = CommonPrefixes.of(u.key(), prefix, delimiter);
            if (group != null && (commonPrefixes.contains(group) || keyMarker.startsWith(group))) {
                continue;
            }
            if (listed.size() + commonPrefixes.size() == max) {
                truncated = true;
                break;
            }
            if (group != null) {
                commonPrefixes.add(group);
            } else {
                listed.add(u);
            }
        }
        return new Page(listed, commonPrefixes, truncated);
    }

    private static Uploads.Upload last(List<Uploads.Upload> listed) {
        return listed.get(listed.size() - 1);
    }

    /** Initiator (who started the upload: an ARN and a name) and Owner (the bucket owner's account). */
    private static void people(Xml xml, Uploads.Upload upload, ObjectStore.Bucket bucket) {
        String arn = upload.initiatorArn();
        xml.open("Initiator")
                .element("ID", arn)
                .element("DisplayName", arn.substring(arn.indexOf('/') + 1))
                .close("Initiator")
                .open("Owner")
                .element("ID", bucket.accountId())
                .close("Owner");
    }

    /** max-parts, max-uploads or a part-number-marker: 1,000 or 0 when absent; a non-number is InvalidArgument. */
    private static int count(String value, String name) {
        if (value == null) {
            return name.startsWith("max") ? 1000 : 0;
        }
        try {
            int n = Integer.parseInt(value.strip());
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            throw MultipartUploads.invalidArgument(
                    "Provided " + name + " not an integer or within integer range", name, value);
        }
        throw MultipartUploads.invalidArgument(
                "Argument " + name + " must be an integer between 0 and 2147483647", name, value);
    }
}
