package dev.guard.sandbox.s3;

import dev.guard.sandbox.iam.Decision;
import dev.guard.sandbox.server.AwsError;
import dev.guard.sandbox.server.Call;
import dev.guard.sandbox.server.Reply;
import dev.guard.sandbox.server.Xml;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;

/**
 * CopyObject: a PUT naming its source in {@code x-amz-copy-source} ({@code bucket/key}, URL-encoded).
 * Authorized as s3:GetObject on the source and s3:PutObject on the destination (and the tagging
 * actions when tags are copied or set); metadata and tags are the source's (directive COPY) or the
 * request's (REPLACE). Copying an object onto itself must change its metadata, as on S3.
 */
final class CopyObject {
    static final String SOURCE = "x-amz-copy-source";
    private static final String XMLNS = "http://s3.amazonaws.com/doc/2006-03-01/";

    private final S3Service s3;
    private final ObjectStore store;

    CopyObject(S3Service s3, ObjectStore store) {
        this.s3 = s3;
        this.store = store;
    }

    /** The bucket and key an {@code x-amz-copy-source} header names. */
    record Source(String bucket, String key, Optional<String> versionId) {
        static Source parse(String header) {
            String text = header.strip();
            int query = text.indexOf('?');
            Optional<String> versionId = Optional.empty();
            if (query >= 0) {
                String parameter = text.substring(query + 1);
                if (!parameter.startsWith("versionId=")) {
                    throw S3Routes.notImplemented();
                }
                // A malformed id is refused as for any versionId (400 InvalidArgument), not looked up.
                versionId = Optional.of(Versions.checked(
                        URLDecoder.decode(parameter.substring("versionId=".length()), StandardCharsets.UTF_8)));
                text = text.substring(0, query);
            }
            String decoded = URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
            if (decoded.startsWith("/")) {
                decoded = decoded.substring(1);
            }
            int slash = decoded.indexOf('/');
            if (slash <= 0 || slash == decoded.length() - 1) {
                throw new AwsError(
                                400,
                                "InvalidArgument",
                                "Copy Source must mention the source bucket and key:" + " sourcebucket/sourcekey")
                        .withDetail("ArgumentName", SOURCE)
                        .withDetail("ArgumentValue", header);
            }
            return new Source(decoded.substring(0, slash), decoded.substring(slash + 1), versionId);
        }
    }

    Reply copy(Call call, ObjectStore.Bucket bucket, String key) {
        Source source = Source.parse(call.header(SOURCE));
        String metadataDirective = directive(call, "x-amz-metadata-directive", "Unknown metadata directive.");
        String taggingDirective = directive(call, "x-amz-tagging-directive", "Unknown tagging directive.");
        String resource = S3Service.objectArn(bucket, key);
        Decision d = s3.authorize(call, bucket, "s3:PutObject", resource);
        ObjectStore.Bucket from = store.bucket(source.bucket())
                .orElseThrow(() -> new AwsError(404, "NoSuchBucket", "The specified bucket does not exist")
                        .withDetail("BucketName", source.bucket()));
        String sourceOwner = call.header("x-amz-source-expected-bucket-owner");
        if (sourceOwner != null && !sourceOwner.strip().equals(from.accountId())) {
            throw new AwsError(403, "AccessDenied", "Access Denied")
                    .refusedBecause("x-amz-source-expected-bucket-owner is not the source bucket's owner");
        }
        String sourceArn = S3Service.objectArn(from, source.key());
        // Copying a named version reads that version: its own permission, as on AWS.
        s3.authorize(call, from, source.versionId().isPresent() ? "s3:GetObjectVersion" : "s3:GetObject", sourceArn);
        ObjectStore.Version read = readSource(from, source);
        ObjectStore.StoredObject original = read.object().orElseThrow();
        boolean replaceMetadata = metadataDirective.equals("REPLACE");
        refuseUnchangedSelfCopy(from == bucket && source.key().equals(key), replaceMetadata, source);
        Map<String, String> tags = tags(
                call, taggingDirective, original, source.versionId().isPresent(), sourceArn, from, bucket, resource);
        Map<String, String> metadata = replaceMetadata ? UserMetadata.of(call) : original.metadata();
        String type = replaceMetadata
                ? Optional.ofNullable(call.header("content-type")).orElse("binary/octet-stream")
                : original.contentType();
        ObjectStore.StoredObject copy = new ObjectStore.StoredObject(
                original.body(),
                original.etag(),
                type,
                call.now().truncatedTo(ChronoUnit.SECONDS),
                original.checksum(),
                metadata,
                tags,
                // The standard headers go with the metadata: the source's, or the request's on REPLACE.
                replaceMetadata ? ContentHeaders.of(call) : original.contentHeaders());
        ObjectStore.Version stored = bucket.put(key, copy);
        Map<String, String> headers = new java.util.LinkedHashMap<>();
        if (from.versioningStatus() != ObjectStore.Versioning.UNVERSIONED
                || !read.versionId().equals(ObjectStore.NULL_VERSION)) {
            headers.put("x-amz-copy-source-version-id", read.versionId());
        }
        Versions.header(headers, bucket, stored);
        byte[] body = new Xml()
                .open("CopyObjectResult", XMLNS)
                .element("ETag", copy.etag())
                .element("LastModified", Timestamps.xml(copy.lastModified()))
                .close("CopyObjectResult")
                .toString()
                .getBytes(StandardCharsets.UTF_8);
        return S3Service.reply(200, body, headers, "s3:PutObject", resource, d, true);
    }

    /**
     * A copy onto itself must change something; copying a named version onto its own key is how S3
     * restores a previous version, allowed as is.
     */
    private static void refuseUnchangedSelfCopy(boolean sameObject, boolean replaceMetadata, Source source) {
        if (sameObject && !replaceMetadata && source.versionId().isEmpty()) {
            throw new AwsError(
                    400,
                    "InvalidRequest",
                    "This copy request is illegal because it is trying to copy an object to itself without changing"
                            + " the object's metadata, storage class, website redirect location or encryption"
                            + " attributes.");
        }
    }

    /** The source version: the named one (never a delete marker) or the current object. */
    private static ObjectStore.Version readSource(ObjectStore.Bucket from, Source source) {
        if (source.versionId().isPresent()) {
            ObjectStore.Version v = from.version(
                            source.key(), source.versionId().get())
                    .orElseThrow(() -> new AwsError(404, "NoSuchVersion", "The specified version does not exist.")
                            .withDetail("Key", source.key())
                            .withDetail("VersionId", source.versionId().get()));
            if (v.deleteMarker()) {
                throw new AwsError(
                        400,
                        "InvalidRequest",
                        "The source of a copy request may not specifically refer to a delete marker by version id.");
            }
            return v;
        }
        return Versions.read(from, source.key(), Optional.empty(), "GET");
    }

    /**
     * The copy's tags: the source's (reading them needs s3:GetObjectTagging, or
     * s3:GetObjectVersionTagging for a named version) or the request's.
     */
    private Map<String, String> tags(
            Call call,
            String directive,
            ObjectStore.StoredObject original,
            boolean namedVersion,
            String sourceArn,
            ObjectStore.Bucket from,
            ObjectStore.Bucket bucket,
            String resource) {
        if (directive.equals("REPLACE")) {
            String header = call.header("x-amz-tagging");
            Map<String, String> tags = header == null ? Map.of() : TagSet.fromHeader(header);
            if (!tags.isEmpty()) {
                s3.authorize(call, bucket, "s3:PutObjectTagging", resource);
            }
            return tags;
        }
        if (!original.tags().isEmpty()) {
            s3.authorize(call, from, namedVersion ? "s3:GetObjectVersionTagging" : "s3:GetObjectTagging", sourceArn);
            s3.authorize(call, bucket, "s3:PutObjectTagging", resource);
        }
        return original.tags();
    }

    private static String directive(Call call, String header, String unknown) {
        String value = call.header(header);
        if (value == null) {
            return "COPY";
        }
        if (!value.equals("COPY") && !value.equals("REPLACE")) {
            throw new AwsError(400, "InvalidArgument", unknown)
                    .withDetail("ArgumentName", header)
                    .withDetail("ArgumentValue", value);
        }
        return value;
    }
}
