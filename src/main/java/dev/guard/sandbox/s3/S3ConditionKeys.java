package dev.guard.sandbox.s3;

import dev.guard.sandbox.server.AwsError;
import dev.guard.sandbox.server.Call;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The condition keys S3 itself adds to a request's context, per action, as the Service
 * Authorization Reference ("Actions, resources, and condition keys for Amazon S3") lists them: so
 * a bucket policy that denies by an object's tags, a listing prefix or an unencrypted upload
 * decides as it would on AWS. A header-borne key is present only when the request sent the header.
 *
 * <p>s3:TlsVersion is "1.3", as aws:SecureTransport is "true": the sandbox's loopback HTTP stands
 * in for AWS's TLS endpoints, which modern SDKs and the CLI reach over TLS 1.3, so a policy denying
 * old TLS does not refuse a rehearsal AWS would allow. Not set: s3:signatureAge, s3:LocationConstraint,
 * Object Lock and access point keys (nothing here models them).
 */
final class S3ConditionKeys {
    /** Actions on an existing object or version whose context carries its tags (never Put/DeleteObject). */
    private static final Set<String> EXISTING_TAG_ACTIONS = Set.of(
            "s3:GetObject",
            "s3:GetObjectVersion",
            "s3:GetObjectTagging",
            "s3:GetObjectVersionTagging",
            "s3:PutObjectTagging",
            "s3:PutObjectVersionTagging",
            "s3:DeleteObjectTagging",
            "s3:DeleteObjectVersionTagging");

    /** Actions on one version, whose context names it as s3:VersionId. */
    private static final Set<String> VERSION_ACTIONS = Set.of(
            "s3:GetObjectVersion",
            "s3:DeleteObjectVersion",
            "s3:GetObjectVersionTagging",
            "s3:PutObjectVersionTagging",
            "s3:DeleteObjectVersionTagging");

    /** The request headers a PutObject (or CopyObject) context carries as {@code s3:<header>}. */
    private static final List<String> PUT_HEADERS = List.of(
            "x-amz-server-side-encryption",
            "x-amz-server-side-encryption-aws-kms-key-id",
            "x-amz-acl",
            "x-amz-copy-source",
            "x-amz-storage-class",
            "x-amz-metadata-directive");

    /** Actions whose context carries the tags the request sets. */
    private static final Set<String> REQUEST_TAG_ACTIONS =
            Set.of("s3:PutObject", "s3:PutObjectTagging", "s3:PutObjectVersionTagging");

    private static final List<String> LIST_PARAMETERS = List.of("prefix", "delimiter", "max-keys");

    private S3ConditionKeys() {}

    /** S3's keys for {@code action} on {@code resource} (an S3 ARN), in {@code bucket} if it exists. */
    static Map<String, List<String>> of(
            Call call, Optional<ObjectStore.Bucket> bucket, String action, String resource) {
        return of(call, bucket, action, resource, Optional.empty());
    }

    /** As above, with the version a batch item names (DeleteObjects' {@code <VersionId>}) when it names one. */
    static Map<String, List<String>> of(
            Call call,
            Optional<ObjectStore.Bucket> bucket,
            String action,
            String resource,
            Optional<String> itemVersion) {
        Map<String, List<String>> keys = new HashMap<>();
        boolean presigned = call.header("authorization") == null;
        keys.put("s3:authType", List.of(presigned ? "REST-QUERY-STRING" : "REST-HEADER"));
        keys.put("s3:signatureversion", List.of("AWS4-HMAC-SHA256"));
        keys.put("s3:TlsVersion", List.of("1.3"));
        header(call, "x-amz-content-sha256").ifPresent(v -> keys.put("s3:x-amz-content-sha256", List.of(v)));
        bucket.ifPresent(b -> keys.put("s3:ResourceAccount", List.of(b.accountId)));
        S3Target target = S3Target.of(call);
        if (action.equals("s3:ListBucket") || action.equals("s3:ListBucketVersions")) {
            for (String name : LIST_PARAMETERS) {
                Optional.ofNullable(target.query().get(name)).ifPresent(v -> keys.put("s3:" + name, List.of(v)));
            }
        }
        if (action.equals("s3:PutObject") || action.equals("s3:CreateBucket")) {
            for (String name : PUT_HEADERS) {
                header(call, name).ifPresent(v -> keys.put("s3:" + name, List.of(v)));
            }
        }
        String key = objectKey(resource);
        Optional<String> versionId = itemVersion.isPresent()
                ? itemVersion
                : key.isEmpty() ? Optional.empty() : versionId(call, target, resource);
        if (VERSION_ACTIONS.contains(action)) {
            versionId.ifPresent(v -> keys.put("s3:VersionId", List.of(v)));
        }
        if (EXISTING_TAG_ACTIONS.contains(action) && bucket.isPresent() && !key.isEmpty()) {
            existingTags(bucket.get(), key, action.contains("Version") ? versionId : Optional.empty())
                    .forEach((k, v) -> keys.put("s3:ExistingObjectTag/" + k, List.of(v)));
        }
        if (REQUEST_TAG_ACTIONS.contains(action)) {
            requestTags(call, target).ifPresent(tags -> {
                tags.forEach((k, v) -> keys.put("s3:RequestObjectTag/" + k, List.of(v)));
                keys.put("s3:RequestObjectTagKeys", new ArrayList<>(tags.keySet()));
            });
        }
        return keys;
    }

    private static Optional<String> header(Call call, String name) {
        return Optional.ofNullable(call.header(name)).map(String::strip);
    }

    /** The key of an object ARN ({@code arn:aws:s3:::bucket/key}); empty for a bucket's. */
    private static String objectKey(String resource) {
        String path = resource.startsWith("arn:aws:s3:::") ? resource.substring("arn:aws:s3:::".length()) : "";
        int slash = path.indexOf('/');
        return slash < 0 ? "" : path.substring(slash + 1);
    }

    /** The version a request names for {@code resource}: its own versionId, or its copy source's. */
    private static Optional<String> versionId(Call call, S3Target target, String resource) {
        if (resource.equals("arn:aws:s3:::" + target.bucket() + "/" + target.key())) {
            return Optional.ofNullable(target.query().get("versionId"));
        }
        String source = call.header(CopyObject.SOURCE);
        if (source == null) {
            return Optional.empty();
        }
        try {
            return CopyObject.Source.parse(source).versionId();
        } catch (AwsError e) {
            return Optional.empty();
        }
    }

    /** The tags of the version read (named, else the newest); none when there is no such object. */
    private static Map<String, String> existingTags(ObjectStore.Bucket bucket, String key, Optional<String> versionId) {
        Optional<ObjectStore.Version> version =
                versionId.isPresent() ? bucket.version(key, versionId.get()) : bucket.latest(key);
        return version.flatMap(ObjectStore.Version::object)
                .map(ObjectStore.StoredObject::tags)
                .orElse(Map.of());
    }

    /**
     * The tags a request sets: a PutObjectTagging body, else the {@code x-amz-tagging} header of an
     * upload. One S3 will refuse as malformed adds no keys (the refusal comes after authorization).
     */
    private static Optional<Map<String, String>> requestTags(Call call, S3Target target) {
        try {
            if (target.query().containsKey("tagging")) {
                return Optional.of(TagSet.fromXml(call.payload()));
            }
            return Optional.ofNullable(call.header("x-amz-tagging")).map(TagSet::fromHeader);
        } catch (AwsError e) {
            return Optional.empty();
        }
    }
}
