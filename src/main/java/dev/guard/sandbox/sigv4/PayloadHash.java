package dev.guard.sandbox.sigv4;

/**
 * The payload hash a signature covers. S3 lets the client declare it in {@code
 * x-amz-content-sha256}: a SHA-256, UNSIGNED-PAYLOAD or an aws-chunked streaming mode. Every other
 * service signs the SHA-256 of the body it received, so a signed request's body cannot be swapped
 * by declaring it unsigned.
 */
final class PayloadHash {
    private PayloadHash() {}

    /**
     * @param claimed the declared hash (header, or a presigned URL's parameter), or null
     * @param presigned a presigned URL, where S3 signs UNSIGNED-PAYLOAD unless a hash is declared
     * @param bodyRead false when the body has not been read yet
     * @return the hash to sign with, or null when it is the hash of a body not read yet (not S3)
     */
    static String of(SignedRequest request, String service, String claimed, boolean presigned, boolean bodyRead) {
        if (!"s3".equals(service)) {
            if (claimed != null && !isHexHash(claimed)) {
                throw new VerificationFailure(
                        Reason.SIGNATURE_MISMATCH,
                        "x-amz-content-sha256 '" + claimed + "' is accepted by S3 only; " + service
                                + " signs the SHA-256 of the body");
            }
            if (!bodyRead) {
                return claimed;
            }
            String computed = Sha256.hex(request.body());
            if (claimed != null && !claimed.equalsIgnoreCase(computed)) {
                throw mismatch();
            }
            return computed;
        }
        if (claimed == null) {
            if (presigned) {
                return SigV4Verifier.UNSIGNED_PAYLOAD;
            }
            // As S3 requires; it also lets the signature be checked before an unknown body is read.
            throw new VerificationFailure(
                    Reason.MISSING_CONTENT_SHA256, "Missing required header for this request: x-amz-content-sha256");
        }
        if (!claimed.equals(SigV4Verifier.UNSIGNED_PAYLOAD)
                && !ChunkedPayloadDecoder.isChunked(claimed)
                && !isHexHash(claimed)) {
            throw new VerificationFailure(
                    Reason.INCOMPLETE_SIGNATURE,
                    "x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD,"
                            + " STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER, STREAMING-UNSIGNED-PAYLOAD-TRAILER or a"
                            + " SHA-256 in hex");
        }
        return claimed;
    }

    /** A signed hex hash must be the body's: otherwise the body was changed after signing. */
    static void requireBodyHash(SignedRequest request, String payloadHash) {
        if (!isHexHash(payloadHash)) {
            return;
        }
        String computed = Sha256.hex(request.body());
        if (!payloadHash.equalsIgnoreCase(computed)) {
            // S3 names both hashes (ClientComputedContentSHA256, S3ComputedContentSHA256).
            throw new VerificationFailure(
                    Reason.CONTENT_SHA256_MISMATCH,
                    "The provided 'x-amz-content-sha256' header does not match what was computed: " + payloadHash + " "
                            + computed);
        }
    }

    private static VerificationFailure mismatch() {
        return new VerificationFailure(
                Reason.SIGNATURE_MISMATCH,
                "The provided 'x-amz-content-sha256' header does not match what was computed.");
    }

    static boolean isHexHash(String value) {
        if (value.length() != 64) {
            return false;
        }
        for (int i = 0; i < 64; i++) {
            if (Character.digit(value.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }
}
