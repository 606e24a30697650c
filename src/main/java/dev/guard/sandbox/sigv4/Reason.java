package dev.guard.sandbox.sigv4;

/**
 * Why a request was not authenticated, independent of any service: the protocol layer maps each
 * reason to the error code its service returns (InvalidClientTokenId, SignatureDoesNotMatch, ...).
 */
public enum Reason {
    /** Neither an Authorization header nor presigned query parameters. */
    MISSING_AUTHENTICATION,
    /** Malformed Authorization header or presigned parameters, bad credential scope, no date. */
    INCOMPLETE_SIGNATURE,
    /** The credential scope names a region AWS does not have; the message names it in quotes. */
    UNKNOWN_REGION,
    /** An S3 request signed in the Authorization header without x-amz-content-sha256, which S3 requires. */
    MISSING_CONTENT_SHA256,
    /** An {@code x-amz-*} header the signature does not cover; the message lists them. */
    HEADERS_NOT_SIGNED,
    UNKNOWN_ACCESS_KEY,
    /** The signature, a chunk signature or the payload hash does not match the request. */
    SIGNATURE_MISMATCH,
    /**
     * An S3 body whose SHA-256 is not the signed {@code x-amz-content-sha256}: the signature itself
     * is right, the body changed. The message ends with the declared hash, then the computed one.
     */
    CONTENT_SHA256_MISMATCH,
    /** A temporary access key without X-Amz-Security-Token. */
    MISSING_SECURITY_TOKEN,
    /** The token does not belong to the key, or a long-term key came with a token. */
    INVALID_SECURITY_TOKEN,
    EXPIRED_TOKEN,
    /** More than 15 minutes between the request's date and the server clock. */
    REQUEST_TIME_SKEWED,
    PRESIGNED_URL_EXPIRED
}
