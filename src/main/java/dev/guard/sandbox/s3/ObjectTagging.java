package dev.guard.sandbox.s3;

import dev.guard.sandbox.iam.Decision;
import dev.guard.sandbox.server.Call;
import dev.guard.sandbox.server.Reply;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Get/Put/DeleteObjectTagging ({@code ?tagging} on an object, of its newest version or of the one
 * {@code versionId} names): each authorized as its own action (the {@code ...VersionTagging} one for
 * a named version), each changing only that version's tag set, never its body, ETag or
 * Last-Modified, and never adding a version, as on S3.
 */
final class ObjectTagging {
    private final S3Service s3;

    ObjectTagging(S3Service s3) {
        this.s3 = s3;
    }

    Reply get(Call call, ObjectStore.Bucket bucket, S3Target t) {
        String resource = S3Service.objectArn(bucket, t.key());
        Optional<String> versionId = Versions.requested(t);
        String action = versionId.isPresent() ? "s3:GetObjectVersionTagging" : "s3:GetObjectTagging";
        Decision d = s3.authorize(call, bucket, action, resource);
        ObjectStore.Version version = Versions.read(bucket, t.key(), versionId, call.method());
        Map<String, String> headers = new LinkedHashMap<>();
        Versions.header(headers, bucket, version);
        byte[] body = TagSet.toXml(version.object().orElseThrow().tags());
        return S3Service.reply(200, body, headers, action, resource, d, false);
    }

    Reply put(Call call, ObjectStore.Bucket bucket, S3Target t) {
        String resource = S3Service.objectArn(bucket, t.key());
        Optional<String> versionId = Versions.requested(t);
        String action = versionId.isPresent() ? "s3:PutObjectVersionTagging" : "s3:PutObjectTagging";
        Decision d = s3.authorize(call, bucket, action, resource);
        // The body's digest is checked first (clients send Content-MD5 or a checksum: S3 requires one).
        ContentMd5.check(call);
        ObjectChecksum.of(call);
        Map<String, String> tags = TagSet.fromXml(call.payload());
        return retag(call, bucket, t.key(), versionId, tags, action, resource, d, 200);
    }

    Reply delete(Call call, ObjectStore.Bucket bucket, S3Target t) {
        String resource = S3Service.objectArn(bucket, t.key());
        Optional<String> versionId = Versions.requested(t);
        String action = versionId.isPresent() ? "s3:DeleteObjectVersionTagging" : "s3:DeleteObjectTagging";
        Decision d = s3.authorize(call, bucket, action, resource);
        return retag(call, bucket, t.key(), versionId, Map.of(), action, resource, d, 204);
    }

    /**
     * Sets the tags of the version asked for in place: a tag change is not a new version. The read
     * answers S3's errors; the write is atomic on the bucket, and when the version went away between
     * the two (deleted), the read is done again and answers for what is there now.
     */
    private static Reply retag(
            Call call,
            ObjectStore.Bucket bucket,
            String key,
            Optional<String> versionId,
            Map<String, String> tags,
            String action,
            String resource,
            Decision d,
            int status) {
        while (true) {
            ObjectStore.Version version = Versions.read(bucket, key, versionId, call.method());
            Optional<ObjectStore.StoredObject> before = bucket.retag(key, version.versionId(), tags);
            if (before.isPresent()) {
                Map<String, String> headers = new LinkedHashMap<>();
                Versions.header(headers, bucket, version);
                boolean changed = !before.get().tags().equals(tags);
                return S3Service.reply(status, new byte[0], headers, action, resource, d, changed);
            }
        }
    }
}
