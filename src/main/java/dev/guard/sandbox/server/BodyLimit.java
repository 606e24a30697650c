package dev.guard.sandbox.server;

import dev.guard.sandbox.sigv4.SignedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * How much request body the sandbox reads, per service, and AWS's answer to more: S3 bodies (an
 * object, or one part of a multipart upload) up to 64 MiB (plus room for aws-chunked framing), 1 MiB for the query and JSON APIs. A declared length
 * over the limit is refused before a byte of the body is read.
 */
final class BodyLimit {
    static final long S3_OBJECT_BYTES = 64L * 1024 * 1024;
    static final long API_BYTES = 1024L * 1024;
    // aws-chunked adds a signed header line (~90 bytes) to every chunk of 8 KiB or more.
    private static final long CHUNK_FRAMING_BYTES = 1024L * 1024;

    private final boolean s3;
    private final long maxBody;

    private BodyLimit(boolean s3, long maxBody) {
        this.s3 = s3;
        this.maxBody = maxBody;
    }

    static BodyLimit of(String service) {
        return "s3".equals(service)
                ? new BodyLimit(true, S3_OBJECT_BYTES + CHUNK_FRAMING_BYTES)
                : new BodyLimit(false, API_BYTES);
    }

    /** The refusal for a body declared (Content-Length, or S3's decoded length) over the limit. */
    Optional<AwsError> refuseDeclared(SignedRequest headers) {
        long length = length(headers.header("content-length"));
        if (length > maxBody) {
            return Optional.of(tooLarge(length));
        }
        long decoded = s3 ? length(headers.header("x-amz-decoded-content-length")) : -1;
        if (decoded > S3_OBJECT_BYTES) {
            return Optional.of(tooLarge(decoded));
        }
        return Optional.empty();
    }

    /** The body, or empty when it turned out longer than the limit (read no further than one byte past it). */
    Optional<byte[]> read(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes((int) maxBody + 1);
        return bytes.length > maxBody ? Optional.empty() : Optional.of(bytes);
    }

    AwsError tooLarge(long size) {
        if (s3) {
            AwsError error = new AwsError(
                            400, "EntityTooLarge", "Your proposed upload exceeds the maximum allowed size")
                    .withDetail("MaxSizeAllowed", Long.toString(S3_OBJECT_BYTES));
            return size > 0 ? error.withDetail("ProposedSize", Long.toString(size)) : error;
        }
        return new AwsError(
                413,
                "RequestEntityTooLarge",
                "The request body exceeds the sandbox's limit of " + API_BYTES + " bytes");
    }

    /** A declared length, or -1 when there is none; an unparsable one is the HTTP server's to refuse. */
    private static long length(String header) {
        if (header == null) {
            return -1;
        }
        try {
            return Long.parseLong(header.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
