package dev.guard.sandbox.s3;

import dev.guard.sandbox.iam.Decision;
import dev.guard.sandbox.server.AwsError;
import dev.guard.sandbox.server.Call;
import dev.guard.sandbox.server.Reply;
import dev.guard.sandbox.server.Xml;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * S3 multipart upload: CreateMultipartUpload, UploadPart and AbortMultipartUpload here;
 * CompleteMultipartUpload in {@link MultipartCompletion}, the two listings in {@link
 * MultipartListings}. Authorized as AWS does: s3:PutObject to start, upload and complete,
 * s3:AbortMultipartUpload to abort. Every part is held (in memory or under the state directory)
 * until the upload completes, so one upload holds at most {@link #MAX_UPLOAD_BYTES}.
 */
final class MultipartUploads {
    static final String XMLNS = "http://s3.amazonaws.com/doc/2006-03-01/";
    /** The most a multipart object may hold in the sandbox (AWS: 50 TB); each part is capped by the S3 body limit. */
    static final long MAX_UPLOAD_BYTES = 512L * 1024 * 1024;

    static final int MAX_PART_NUMBER = 10_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final S3Service s3;
    private final Uploads uploads;

    MultipartUploads(S3Service s3, Uploads uploads) {
        this.s3 = s3;
        this.uploads = uploads;
    }

    Reply create(Call call, ObjectStore.Bucket bucket, String key) {
        String resource = objectArn(bucket, key);
        Decision d = s3.authorize(call, bucket, "s3:PutObject", resource);
        String tagging = call.header("x-amz-tagging");
        Map<String, String> tags = tagging == null ? Map.of() : TagSet.fromHeader(tagging);
        if (tagging != null) {
            // Tags given at the start need their own permission too, as on PutObject.
            s3.authorize(call, bucket, "s3:PutObjectTagging", resource);
        }
        Optional<String> algorithm = checksumAlgorithm(call);
        Optional<String> type = checksumType(call, algorithm);
        Uploads.Upload upload = new Uploads.Upload(
                newUploadId(),
                bucket.name(),
                key,
                call.now().truncatedTo(ChronoUnit.MILLIS),
                Optional.ofNullable(call.header("content-type")).orElse("binary/octet-stream"),
                UserMetadata.of(call),
                tags,
                algorithm,
                type,
                call.caller().principal().arn(),
                ContentHeaders.of(call));
        uploads.start(upload);
        String xml = new Xml()
                .open("InitiateMultipartUploadResult", XMLNS)
                .element("Bucket", bucket.name())
                .element("Key", key)
                .element("UploadId", upload.id())
                .close("InitiateMultipartUploadResult")
                .toString();
        Map<String, String> headers = new LinkedHashMap<>();
        algorithm.ifPresent(a -> headers.put("x-amz-checksum-algorithm", a));
        type.ifPresent(t -> headers.put("x-amz-checksum-type", t));
        return S3Service.reply(200, xml.getBytes(StandardCharsets.UTF_8), headers, "s3:PutObject", resource, d, true);
    }

    Reply uploadPart(Call call, ObjectStore.Bucket bucket, S3Target t) {
        String resource = objectArn(bucket, t.key());
        Decision d = s3.authorize(call, bucket, "s3:PutObject", resource);
        Uploads.Upload upload = upload(bucket, t);
        int number = partNumber(t.query().get("partNumber"));
        byte[] body = call.payload();
        String md5 = md5(body);
        ContentMd5.check(call);
        Optional<ObjectChecksum> checksum = ObjectChecksum.of(call);
        if (upload.checksumAlgorithm().isPresent()
                && !checksum.map(ObjectChecksum::algorithm).equals(upload.checksumAlgorithm())) {
            throw new AwsError(
                    400,
                    "InvalidRequest",
                    "Checksum Type mismatch occurred, expected checksum Type: "
                            + upload.checksumAlgorithm().get().toLowerCase(Locale.ROOT)
                            + ", actual checksum Type: "
                            + checksum.map(c -> c.algorithm().toLowerCase(Locale.ROOT))
                                    .orElse("null"));
        }
        long held = uploads.parts(upload.id()).stream()
                .filter(p -> p.number() != number)
                .mapToLong(Uploads.Part::size)
                .sum();
        if (held + body.length > MAX_UPLOAD_BYTES) {
            throw new AwsError(400, "EntityTooLarge", "Your proposed upload exceeds the maximum allowed size")
                    .withDetail("ProposedSize", Long.toString(held + body.length))
                    .withDetail("MaxSizeAllowed", Long.toString(MAX_UPLOAD_BYTES));
        }
        Uploads.Part part = new Uploads.Part(
                number, "\"" + md5 + "\"", body.length, call.now().truncatedTo(ChronoUnit.MILLIS), checksum);
        if (!uploads.putPart(upload.id(), part, body)) {
            throw noSuchUpload(upload.id());
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("ETag", part.etag());
        checksum.ifPresent(c -> headers.put(c.header(), c.value()));
        return S3Service.reply(200, new byte[0], headers, "s3:PutObject", resource, d, true);
    }

    Reply abort(Call call, ObjectStore.Bucket bucket, S3Target t) {
        String resource = objectArn(bucket, t.key());
        Decision d = s3.authorize(call, bucket, "s3:AbortMultipartUpload", resource);
        Uploads.Upload upload = upload(bucket, t);
        if (!uploads.end(upload)) {
            throw noSuchUpload(upload.id());
        }
        return S3Service.reply(204, new byte[0], Map.of(), "s3:AbortMultipartUpload", resource, d, true);
    }

    /** The upload a request names with {@code ?uploadId=}, or NoSuchUpload. */
    Uploads.Upload upload(ObjectStore.Bucket bucket, S3Target t) {
        String id = t.query().get("uploadId");
        return uploads.find(bucket.name(), t.key(), id).orElseThrow(() -> noSuchUpload(id));
    }

    static AwsError noSuchUpload(String id) {
        return new AwsError(
                        404,
                        "NoSuchUpload",
                        "The specified upload does not exist. The upload ID may be invalid, or the upload may have"
                                + " been aborted or completed.")
                .withDetail("UploadId", id == null ? "" : id);
    }

    static String objectArn(ObjectStore.Bucket bucket, String key) {
        return "arn:aws:s3:::" + bucket.name() + "/" + key;
    }

    static AwsError invalidArgument(String message, String name, String value) {
        return new AwsError(400, "InvalidArgument", message)
                .withDetail("ArgumentName", name)
                .withDetail("ArgumentValue", value == null ? "" : value);
    }

    private static int partNumber(String value) {
        try {
            int number = Integer.parseInt(value == null ? "" : value.strip());
            if (number >= 1 && number <= MAX_PART_NUMBER) {
                return number;
            }
        } catch (NumberFormatException e) {
            // answered below, as an out-of-range number is
        }
        throw invalidArgument("Part number must be an integer between 1 and 10000, inclusive", "partNumber", value);
    }

    /** x-amz-checksum-algorithm, upper-cased; AWS refuses an algorithm it does not know. */
    private static Optional<String> checksumAlgorithm(Call call) {
        Optional<String> algorithm = Optional.ofNullable(call.header("x-amz-checksum-algorithm"))
                .map(a -> a.strip().toUpperCase(Locale.ROOT));
        if (algorithm.isPresent() && !ObjectChecksum.ALGORITHMS.contains(algorithm.get())) {
            throw new AwsError(
                    400,
                    "InvalidRequest",
                    "Checksum algorithm provided is unsupported. Please try again with any of the valid types: [CRC32,"
                            + " CRC32C, CRC64NVME, SHA1, SHA256]");
        }
        return algorithm;
    }

    /** x-amz-checksum-type, or the default for the algorithm: FULL_OBJECT for CRC64NVME, else COMPOSITE. */
    private static Optional<String> checksumType(Call call, Optional<String> algorithm) {
        Optional<String> type = Optional.ofNullable(call.header("x-amz-checksum-type"))
                .map(a -> a.strip().toUpperCase(Locale.ROOT));
        if (algorithm.isEmpty()) {
            if (type.isPresent()) {
                throw new AwsError(
                        400,
                        "InvalidRequest",
                        "The x-amz-checksum-type header can only be used with the x-amz-checksum-algorithm header.");
            }
            return Optional.empty();
        }
        String chosen = type.orElse(algorithm.get().equals("CRC64NVME") ? "FULL_OBJECT" : "COMPOSITE");
        if (!chosen.equals("FULL_OBJECT") && !chosen.equals("COMPOSITE")) {
            throw new AwsError(400, "InvalidRequest", "Value for x-amz-checksum-type header is invalid.");
        }
        boolean composableOnly = algorithm.get().startsWith("SHA");
        if (chosen.equals("COMPOSITE") && algorithm.get().equals("CRC64NVME")
                || chosen.equals("FULL_OBJECT") && composableOnly) {
            throw new AwsError(
                    400,
                    "InvalidRequest",
                    "The " + chosen + " checksum type cannot be used with the "
                            + algorithm.get().toLowerCase(Locale.ROOT) + " checksum algorithm.");
        }
        return Optional.of(chosen);
    }

    static String md5(byte[] body) {
        return HexFormat.of().formatHex(digest("MD5").digest(body));
    }

    static MessageDigest digest(String name) {
        try {
            return MessageDigest.getInstance(name);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(name + " is in every Java runtime", e);
        }
    }

    private static String newUploadId() {
        byte[] id = new byte[48];
        RANDOM.nextBytes(id);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(id);
    }

    static List<String> checksumElements() {
        return ObjectChecksum.ALGORITHMS.stream().map(a -> "Checksum" + a).toList();
    }
}
