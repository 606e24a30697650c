package dev.guard.action.s3;

import dev.guard.aws.Calls;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A bucket's versioning as GetBucketVersioning reports it: {@code Enabled}, {@code Suspended} or
 * never enabled, and whether MFA Delete is on; or why it could not be read.
 *
 * @param status empty when versioning was never enabled
 * @param mfaDelete {@code Enabled}, {@code Disabled}, or empty when never configured
 * @param unreadable why GetBucketVersioning failed (AccessDenied and the like); then the rest is empty
 */
record BucketVersioning(
        String bucket, Optional<String> status, Optional<String> mfaDelete, Optional<String> unreadable) {
    static BucketVersioning read(S3Client s3, Calls calls, String bucket) {
        try {
            var r = calls.call("GetBucketVersioning", () -> s3.getBucketVersioning(b -> b.bucket(bucket)));
            return new BucketVersioning(
                    bucket,
                    Optional.ofNullable(r.statusAsString()).filter(s -> !s.isEmpty()),
                    Optional.ofNullable(r.mfaDeleteAsString()).filter(s -> !s.isEmpty()),
                    Optional.empty());
        } catch (SdkException e) {
            return new BucketVersioning(bucket, Optional.empty(), Optional.empty(), Optional.of(S3Reads.message(e)));
        }
    }

    boolean enabled() {
        return status.filter("Enabled"::equals).isPresent();
    }

    boolean suspended() {
        return status.filter("Suspended"::equals).isPresent();
    }

    boolean mfaDeleteEnabled() {
        return mfaDelete.filter("Enabled"::equals).isPresent();
    }

    /**
     * Why guard refuses a permanent delete here: S3 wants the root user's MFA device in x-amz-mfa,
     * and guard never holds root credentials (it refuses root callers outright).
     */
    static String mfaRefusal(String bucket) {
        return "bucket " + bucket + " has MFA Delete enabled: permanently deleting a version needs the bucket"
                + " owner's root user and its MFA device (x-amz-mfa), and guard does not hold root credentials"
                + " — hint: delete the versions as root (aws s3api delete-object --version-id ... --mfa"
                + " 'SERIAL CODE'), or have root suspend MFA Delete first; a plain delete (a delete marker)"
                + " needs no MFA";
    }

    /** The plan's note for a plain delete: what a delete does in this bucket. */
    String plainNote() {
        if (unreadable.isPresent()) {
            return "the versioning of bucket " + bucket + " could not be read (" + unreadable.get()
                    + "): treat the deletion as permanent";
        }
        if (enabled()) {
            return "bucket " + bucket + " is versioned: each delete adds a delete marker and earlier versions are"
                    + " kept (a permanent delete needs versionId or allVersions: true)";
        }
        if (suspended()) {
            return "bucket " + bucket + " has versioning suspended: each delete adds a delete marker that"
                    + " permanently replaces the object's null version, if it has one; other versions are kept";
        }
        return "bucket " + bucket + " is not versioned: the deletion is permanent";
    }

    /** The plan's note for a permanent delete. */
    String permanentNote() {
        if (unreadable.isPresent()) {
            // S3 itself refuses every version delete without x-amz-mfa when MFA Delete is on, so going
            // on can at worst fail with nothing deleted; refusing would block every caller without
            // s3:GetBucketVersioning, which least-privilege delete roles often lack.
            return "the versioning of bucket " + bucket + " could not be read (" + unreadable.get()
                    + "): if it has MFA Delete enabled, S3 will refuse each delete and nothing is deleted";
        }
        return "bucket " + bucket + " versioning " + status.orElse("never enabled") + ", MFA Delete "
                + mfaDelete.orElse("Disabled") + ": the versions listed are deleted permanently, with no delete"
                + " marker left";
    }
}
