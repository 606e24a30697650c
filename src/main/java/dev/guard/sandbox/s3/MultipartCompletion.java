package dev.guard.sandbox.s3;

import dev.guard.sandbox.iam.Decision;
import dev.guard.sandbox.server.AwsError;
import dev.guard.sandbox.server.Call;
import dev.guard.sandbox.server.Reply;
import dev.guard.sandbox.server.Xml;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * CompleteMultipartUpload as S3 checks it: at least one part, in ascending order, each one uploaded
 * with the ETag (and checksum) named, every part but the last at least 5 MiB. The object is the
 * parts' bytes in order; its ETag the MD5 of their MD5s with the part count; its checksum the
 * composite (the checksum of the parts' checksums, with the count) or the whole object's, and
 * CRC64NVME of the whole object when the upload chose no algorithm, as S3 does since 2025.
 */
final class MultipartCompletion {
    static final long MIN_PART_BYTES = 5L * 1024 * 1024;
    private static final String INVALID_PART = "One or more of the specified parts could not be found.  The part may"
            + " not have been uploaded, or the specified entity tag may not match the part's entity tag.";

    /** A part as the request names it: its number, ETag (unquoted) and the checksums it gives, by algorithm. */
    record Named(int number, String etag, Map<String, String> checksums) {}

    private final S3Service s3;
    private final MultipartUploads multipart;
    private final Uploads uploads;

    MultipartCompletion(S3Service s3, MultipartUploads multipart, Uploads uploads) {
        this.s3 = s3;
        this.multipart = multipart;
        this.uploads = uploads;
    }

    Reply complete(Call call, ObjectStore.Bucket bucket, S3Target t) {
        String resource = MultipartUploads.objectArn(bucket, t.key());
        Decision d = s3.authorize(call, bucket, "s3:PutObject", resource);
        Uploads.Upload upload = multipart.upload(bucket, t);
        List<Named> named = named(call.payload());
        if (named.isEmpty()) {
            throw new AwsError(400, "InvalidRequest", "You must specify at least one part");
        }
        checkMode(call, upload);
        for (int i = 1; i < named.size(); i++) {
            if (named.get(i).number() < named.get(i - 1).number()) {
                throw new AwsError(
                                400,
                                "InvalidPartOrder",
                                "The list of parts was not in ascending order. Parts must be ordered by part number.")
                        .withDetail("UploadId", upload.id());
            }
        }
        List<Uploads.Part> parts = chosen(upload, named);
        byte[] body = concatenate(upload, parts);
        checkObjectSize(call, body.length);
        ObjectChecksum checksum = checksum(call, upload, parts, body);
        String etag = "\"" + etag(parts) + "\"";
        ObjectStore.StoredObject object = new ObjectStore.StoredObject(
                body,
                etag,
                upload.contentType(),
                upload.initiated().truncatedTo(ChronoUnit.SECONDS),
                Optional.of(checksum),
                upload.metadata(),
                upload.tags(),
                upload.contentHeaders());
        if (!uploads.end(upload)) {
            throw MultipartUploads.noSuchUpload(upload.id());
        }
        ObjectStore.Version stored = bucket.put(t.key(), object);
        Map<String, String> headers = new LinkedHashMap<>();
        Versions.header(headers, bucket, stored);
        String xml = new Xml()
                .open("CompleteMultipartUploadResult", MultipartUploads.XMLNS)
                .element("Location", location(call, bucket, t.key()))
                .element("Bucket", bucket.name())
                .element("Key", t.key())
                .element("ETag", etag)
                .element("Checksum" + checksum.algorithm(), checksum.value())
                .element("ChecksumType", upload.checksumType().orElse("FULL_OBJECT"))
                .close("CompleteMultipartUploadResult")
                .toString();
        return S3Service.reply(200, xml.getBytes(StandardCharsets.UTF_8), headers, "s3:PutObject", resource, d, true);
    }

    /** The parts the request names, each uploaded with that ETag and checksum; InvalidPart or EntityTooSmall else. */
    private List<Uploads.Part> chosen(Uploads.Upload upload, List<Named> named) {
        Map<Integer, Uploads.Part> uploaded = new LinkedHashMap<>();
        uploads.parts(upload.id()).forEach(p -> uploaded.put(p.number(), p));
        List<Uploads.Part> chosen = new ArrayList<>();
        for (int i = 0; i < named.size(); i++) {
            Named n = named.get(i);
            Uploads.Part part = uploaded.get(n.number());
            if (part == null || !part.etag().equals("\"" + n.etag() + "\"")) {
                throw invalidPart(upload, n);
            }
            checkPartChecksum(upload, n, part);
            if (i < named.size() - 1 && part.size() < MIN_PART_BYTES) {
                throw new AwsError(
                                400, "EntityTooSmall", "Your proposed upload is smaller than the minimum allowed size")
                        .withDetail("ProposedSize", Long.toString(part.size()))
                        .withDetail("MinSizeAllowed", Long.toString(MIN_PART_BYTES))
                        .withDetail("PartNumber", Integer.toString(n.number()))
                        .withDetail("ETag", n.etag());
            }
            chosen.add(part);
        }
        return chosen;
    }

    /** A part named with checksums must match the upload's algorithm and the part's own checksum. */
    private static void checkPartChecksum(Uploads.Upload upload, Named n, Uploads.Part part) {
        if (upload.checksumAlgorithm().isEmpty()) {
            if (!n.checksums().isEmpty()) {
                throw invalidPart(upload, n);
            }
            return;
        }
        String algorithm = upload.checksumAlgorithm().get();
        String given = n.checksums().get(algorithm);
        if (given == null) {
            if (upload.checksumType().orElse("").equals("FULL_OBJECT")) {
                return;
            }
            if (!n.checksums().isEmpty()) {
                String other = n.checksums().keySet().iterator().next().toLowerCase(Locale.ROOT);
                throw new AwsError(
                        400,
                        "BadDigest",
                        "The " + other + " you specified for part " + n.number() + " did not match what we received.");
            }
            throw new AwsError(
                    400,
                    "InvalidRequest",
                    "The upload was created using a " + algorithm.toLowerCase(Locale.ROOT) + " checksum. The complete"
                            + " request must include the checksum for each part. It was missing for part " + n.number()
                            + " in the request.");
        }
        if (!part.checksum().map(ObjectChecksum::value).orElse("").equals(given)) {
            throw invalidPart(upload, n);
        }
    }

    private static AwsError invalidPart(Uploads.Upload upload, Named n) {
        return new AwsError(400, "InvalidPart", INVALID_PART)
                .withDetail("UploadId", upload.id())
                .withDetail("PartNumber", Integer.toString(n.number()))
                .withDetail("ETag", n.etag());
    }

    /** x-amz-checksum-type on the complete request must name the upload's own checksum type. */
    private static void checkMode(Call call, Uploads.Upload upload) {
        String mode = call.header("x-amz-checksum-type");
        if (mode != null && !upload.checksumType().orElse("").equalsIgnoreCase(mode.strip())) {
            throw new AwsError(
                    400,
                    "InvalidRequest",
                    "The upload was created using the " + upload.checksumType().orElse("null") + " checksum mode. The"
                            + " complete request must use the same checksum mode.");
        }
    }

    private static void checkObjectSize(Call call, long size) {
        String declared = call.header("x-amz-mp-object-size");
        if (declared != null && !declared.strip().equals(Long.toString(size))) {
            throw new AwsError(
                    400,
                    "InvalidRequest",
                    "The provided 'x-amz-mp-object-size' header value " + declared.strip()
                            + " does not match what was computed: " + size);
        }
    }

    private byte[] concatenate(Uploads.Upload upload, List<Uploads.Part> parts) {
        long size = parts.stream().mapToLong(Uploads.Part::size).sum();
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) size);
        for (Uploads.Part part : parts) {
            out.writeBytes(uploads.body(upload.id(), part));
        }
        return out.toByteArray();
    }

    /**
     * The object's checksum: composite (the checksum of the parts' raw checksums, then "-N"), or
     * of the whole object; a full-object checksum the request gives must match it (BadDigest).
     */
    private static ObjectChecksum checksum(Call call, Uploads.Upload upload, List<Uploads.Part> parts, byte[] body) {
        String algorithm = upload.checksumAlgorithm().orElse("CRC64NVME");
        if (upload.checksumType().orElse("FULL_OBJECT").equals("COMPOSITE")) {
            ByteArrayOutputStream raw = new ByteArrayOutputStream();
            parts.forEach(p -> raw.writeBytes(
                    Base64.getDecoder().decode(p.checksum().orElseThrow().value())));
            return new ObjectChecksum(
                    algorithm, ObjectChecksum.compute(algorithm, raw.toByteArray()) + "-" + parts.size());
        }
        ObjectChecksum whole = new ObjectChecksum(algorithm, ObjectChecksum.compute(algorithm, body));
        for (String other : ObjectChecksum.ALGORITHMS) {
            String given = call.header(ObjectChecksum.header(other));
            if (upload.checksumAlgorithm().isPresent()
                    && given != null
                    && !(other.equals(algorithm) && given.strip().equals(whole.value()))) {
                throw new AwsError(
                        400,
                        "BadDigest",
                        "The " + algorithm.toLowerCase(Locale.ROOT) + " you specified did not match the calculated"
                                + " checksum.");
            }
        }
        return whole;
    }

    /** S3's multipart ETag: the MD5 of the parts' binary MD5s, a dash and the number of parts. */
    private static String etag(List<Uploads.Part> parts) {
        MessageDigest md5 = MultipartUploads.digest("MD5");
        parts.forEach(p -> md5.update(HexFormat.of().parseHex(p.etag().replace("\"", ""))));
        return HexFormat.of().formatHex(md5.digest()) + "-" + parts.size();
    }

    /** Where the object is, as S3 says it: the URL of the object, its key URL-encoded. */
    private static String location(Call call, ObjectStore.Bucket bucket, String key) {
        String host = Optional.ofNullable(call.header("host")).orElse("localhost");
        String path = URLEncoder.encode(key, StandardCharsets.UTF_8)
                .replace("+", "%20")
                .replace("%2F", "/");
        boolean virtualHosted = host.startsWith(bucket.name() + ".");
        return "http://" + host + "/" + (virtualHosted ? "" : bucket.name() + "/") + path;
    }

    /** The parts a CompleteMultipartUpload body names; a body that is not one is MalformedXML. */
    static List<Named> named(byte[] payload) {
        Element root = RequestXml.parse(payload).getDocumentElement();
        if (!root.getTagName().equals("CompleteMultipartUpload")) {
            throw RequestXml.malformed();
        }
        List<Named> named = new ArrayList<>();
        for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element part && part.getTagName().equals("Part")) {
                named.add(named(part));
            }
        }
        return named;
    }

    private static Named named(Element part) {
        String number = child(part, "PartNumber");
        String etag = child(part, "ETag");
        if (number == null || etag == null) {
            throw RequestXml.malformed();
        }
        Map<String, String> checksums = new LinkedHashMap<>();
        for (String algorithm : ObjectChecksum.ALGORITHMS) {
            Optional.ofNullable(child(part, "Checksum" + algorithm)).ifPresent(v -> checksums.put(algorithm, v));
        }
        try {
            return new Named(Integer.parseInt(number), etag.replace("\"", ""), checksums);
        } catch (NumberFormatException e) {
            throw RequestXml.malformed();
        }
    }

    private static String child(Element parent, String tag) {
        NodeList nodes = parent.getElementsByTagName(tag);
        return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent().strip();
    }
}
