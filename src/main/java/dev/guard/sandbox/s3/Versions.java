package dev.guard.sandbox.s3;

import dev.guard.sandbox.server.AwsError;
import java.util.Map;
import java.util.Optional;

/**
 * How object calls name and answer versions: the {@code versionId} parameter (checked for shape
 * before anything else), finding the version a read asks for with S3's errors for a missing key, a
 * missing version and a delete marker, and the {@code x-amz-version-id} header.
 */
final class Versions {
    private Versions() {}

    /** The {@code versionId} a request names, if any; S3 refuses an empty or malformed one. */
    static Optional<String> requested(S3Target target) {
        String id = target.query().get("versionId");
        return id == null ? Optional.empty() : Optional.of(checked(id));
    }

    /** {@code id} when it is a version id S3 could have issued; S3's 400 InvalidArgument when not. */
    static String checked(String id) {
        if (id.isEmpty()) {
            throw new AwsError(400, "InvalidArgument", "Version id cannot be the empty string")
                    .withDetail("ArgumentName", "versionId")
                    .withDetail("ArgumentValue", "");
        }
        if (!ObjectStore.wellFormedVersionId(id)) {
            throw invalid(id);
        }
        return id;
    }

    static AwsError invalid(String id) {
        return new AwsError(400, "InvalidArgument", "Invalid version id specified")
                .withDetail("ArgumentName", "versionId")
                .withDetail("ArgumentValue", id);
    }

    /**
     * The version a GET or HEAD reads: the named one, else the newest. A delete marker is never
     * read: named, it is 405 MethodNotAllowed; newest, the key does not exist (404 NoSuchKey) —
     * both saying {@code x-amz-delete-marker: true} and the marker's version id.
     */
    static ObjectStore.Version read(ObjectStore.Bucket bucket, String key, Optional<String> versionId, String method) {
        if (versionId.isPresent()) {
            ObjectStore.Version v = bucket.version(key, versionId.get())
                    .orElseThrow(() -> new AwsError(404, "NoSuchVersion", "The specified version does not exist.")
                            .withDetail("Key", key)
                            .withDetail("VersionId", versionId.get()));
            if (v.deleteMarker()) {
                throw new AwsError(
                                405, "MethodNotAllowed", "The specified method is not allowed against this resource.")
                        .withDetail("Method", method)
                        .withDetail("ResourceType", "DeleteMarker")
                        .withHeader("x-amz-delete-marker", "true")
                        .withHeader("x-amz-version-id", v.versionId())
                        .withHeader("Last-Modified", Timestamps.http(v.lastModified()))
                        .withHeader("Allow", "DELETE");
            }
            return v;
        }
        Optional<ObjectStore.Version> latest = bucket.latest(key);
        if (latest.isEmpty() || latest.get().deleteMarker()) {
            AwsError missing =
                    new AwsError(404, "NoSuchKey", "The specified key does not exist.").withDetail("Key", key);
            if (latest.isPresent()) {
                missing = missing.withHeader("x-amz-delete-marker", "true")
                        .withHeader("x-amz-version-id", latest.get().versionId());
            }
            throw missing;
        }
        return latest.get();
    }

    /** Adds {@code x-amz-version-id} when the bucket has ever been versioned ("null" for a null version). */
    static void header(Map<String, String> headers, ObjectStore.Bucket bucket, ObjectStore.Version version) {
        if (bucket.versioningStatus() != ObjectStore.Versioning.UNVERSIONED
                || !version.versionId().equals(ObjectStore.NULL_VERSION)) {
            headers.put("x-amz-version-id", version.versionId());
        }
    }
}
