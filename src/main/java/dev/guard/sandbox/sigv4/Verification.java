package dev.guard.sandbox.sigv4;

import java.time.Instant;
import java.util.Map;

/** The outcome of verifying one request's SigV4 signature. */
public sealed interface Verification {

    /**
     * The request was signed with a known credential. The payload is the body with aws-chunked
     * framing removed, or the raw body otherwise; trailers are the aws-chunked body's trailing
     * headers (lower-case names, e.g. {@code x-amz-checksum-crc32}), empty without them.
     */
    record Verified(
            KnownCredential credential,
            String region,
            String service,
            Instant signedAt,
            byte[] payload,
            Map<String, String> trailers)
            implements Verification {
        public Verified {
            trailers = Map.copyOf(trailers);
        }
    }

    /**
     * The request was refused. The message is one line without secrets; the canonical request and
     * string to sign (empty when not computed) explain a mismatch in a debug log.
     */
    record Rejected(Reason reason, String message, String canonicalRequest, String stringToSign)
            implements Verification {}
}
