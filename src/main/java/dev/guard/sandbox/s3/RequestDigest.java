package dev.guard.sandbox.s3;

import dev.guard.sandbox.server.AwsError;
import dev.guard.sandbox.server.Call;
import java.util.Optional;

/**
 * The digest of a request body that is not an object (DeleteObjects, PutBucketPolicy,
 * PutBucketVersioning): a Content-MD5 or an additional checksum, checked against the body before
 * anything changes. DeleteObjects must carry one (API reference: "The Content-MD5 or
 * x-amz-sdk-checksum-algorithm header is required for all Multi-Object Delete requests"); S3 refuses
 * one without as InvalidRequest, the sentence SDKs that forgot the header have long reported.
 */
final class RequestDigest {
    private RequestDigest() {}

    /** Refuses a request without any digest, then checks the one it has. */
    static void require(Call call) {
        // A named algorithm alone is no digest: ObjectChecksum.of refuses it without its value.
        boolean sent = call.header("content-md5") != null
                || call.header("x-amz-sdk-checksum-algorithm") != null
                || ObjectChecksum.ALGORITHMS.stream().anyMatch(a -> call.header(ObjectChecksum.header(a)) != null);
        if (!sent) {
            throw new AwsError(400, "InvalidRequest", "Missing required header for this request: Content-MD5");
        }
        verify(call);
    }

    /** Checks whichever digests the request sent: a wrong one is BadDigest (InvalidDigest if not one). */
    static Optional<ObjectChecksum> verify(Call call) {
        ContentMd5.check(call);
        return ObjectChecksum.of(call);
    }
}
