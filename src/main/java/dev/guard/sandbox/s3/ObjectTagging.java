package dev.guard.sandbox.s3;

import dev.guard.sandbox.iam.Decision;
import dev.guard.sandbox.server.AwsError;
import dev.guard.sandbox.server.Call;
import dev.guard.sandbox.server.Reply;
import java.util.Map;

/**
 * Get/Put/DeleteObjectTagging ({@code ?tagging} on an object): each authorized as its own action,
 * each changing only the object's tag set, never its body, ETag or Last-Modified, as on S3.
 */
final class ObjectTagging {
    private final S3Service s3;

    ObjectTagging(S3Service s3) {
        this.s3 = s3;
    }

    Reply get(Call call, ObjectStore.Bucket bucket, String key) {
        String resource = S3Service.objectArn(bucket, key);
        Decision d = s3.authorize(call, bucket, "s3:GetObjectTagging", resource);
        ObjectStore.StoredObject object = S3Service.existing(bucket, key);
        return S3Service.reply(200, TagSet.toXml(object.tags()), Map.of(), "s3:GetObjectTagging", resource, d, false);
    }

    Reply put(Call call, ObjectStore.Bucket bucket, String key) {
        String resource = S3Service.objectArn(bucket, key);
        Decision d = s3.authorize(call, bucket, "s3:PutObjectTagging", resource);
        // The body's digest is checked first (clients send Content-MD5 or a checksum: S3 requires one).
        ContentMd5.check(call);
        ObjectChecksum.of(call);
        Map<String, String> tags = TagSet.fromXml(call.payload());
        ObjectStore.StoredObject object = S3Service.existing(bucket, key);
        replace(bucket, key, object, tags);
        return S3Service.reply(200, new byte[0], Map.of(), "s3:PutObjectTagging", resource, d, true);
    }

    Reply delete(Call call, ObjectStore.Bucket bucket, String key) {
        String resource = S3Service.objectArn(bucket, key);
        Decision d = s3.authorize(call, bucket, "s3:DeleteObjectTagging", resource);
        ObjectStore.StoredObject object = S3Service.existing(bucket, key);
        boolean had = !object.tags().isEmpty();
        replace(bucket, key, object, Map.of());
        return S3Service.reply(204, new byte[0], Map.of(), "s3:DeleteObjectTagging", resource, d, had);
    }

    /**
     * Sets the tags of the object now at {@code key}, in place: a tag change is not a new version.
     * If the object was replaced meanwhile, the change is refused rather than applied to another body.
     */
    private static void replace(
            ObjectStore.Bucket bucket, String key, ObjectStore.StoredObject object, Map<String, String> tags) {
        if (!bucket.objects.replace(key, object, object.withTags(tags))) {
            throw new AwsError(
                    409,
                    "OperationAborted",
                    "A conflicting conditional operation is currently in progress"
                            + " against this resource. Please try again.");
        }
    }
}
