package dev.guard.sandbox.sigv4;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Removes aws-chunked framing ({@code hex-size[;chunk-signature=sig]\r\n data \r\n ... 0...\r\n
 * [trailers\r\n] \r\n}) and, for the signed variants, verifies each chunk's signature (chained from
 * the seed signature of the request) and the trailer signature. Checksum trailer values are only
 * parsed and handed on: the services check them, not authentication.
 */
final class ChunkedPayloadDecoder {
    static final String SIGNED = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD";
    static final String SIGNED_TRAILER = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER";
    static final String UNSIGNED_TRAILER = "STREAMING-UNSIGNED-PAYLOAD-TRAILER";

    private static final String CHUNK_SIGNATURE = "chunk-signature=";
    private static final String TRAILER_SIGNATURE = "x-amz-trailer-signature";

    private final byte[] body;
    private final boolean signedChunks;
    private final boolean trailers;
    private final SigningKey key;
    private final StringToSign stringToSign;
    private String previousSignature;
    private int position;
    private Map<String, String> trailerHeaders = Map.of();

    /** The payload without framing, and the trailing headers (lower-case names, e.g. {@code x-amz-checksum-crc32}). */
    record Decoded(byte[] payload, Map<String, String> trailers) {}

    private ChunkedPayloadDecoder(
            byte[] body, String mode, SigningKey key, StringToSign stringToSign, String seedSignature) {
        this.body = body;
        this.signedChunks = !UNSIGNED_TRAILER.equals(mode);
        this.trailers = !SIGNED.equals(mode);
        this.key = key;
        this.stringToSign = stringToSign;
        this.previousSignature = seedSignature;
    }

    static boolean isChunked(String payloadHash) {
        return SIGNED.equals(payloadHash) || SIGNED_TRAILER.equals(payloadHash) || UNSIGNED_TRAILER.equals(payloadHash);
    }

    /** The payload without framing; a broken frame or signature is a {@link Reason#SIGNATURE_MISMATCH}. */
    static Decoded decode(byte[] body, String mode, SigningKey key, StringToSign stringToSign, String seedSignature) {
        return new ChunkedPayloadDecoder(body, mode, key, stringToSign, seedSignature).decode();
    }

    private Decoded decode() {
        ByteArrayOutputStream payload = new ByteArrayOutputStream(body.length);
        int size;
        do {
            String header = nextLine();
            int semicolon = header.indexOf(';');
            size = chunkSize(semicolon < 0 ? header : header.substring(0, semicolon));
            if (size > body.length - position) {
                throw failure("aws-chunked body ends inside a chunk of " + size + " bytes");
            }
            if (signedChunks) {
                verifyChunk(header, semicolon, size);
            }
            payload.write(body, position, size);
            position += size;
            if (size > 0) {
                expectLineEnd();
            }
        } while (size > 0);
        if (trailers) {
            readTrailers();
        } else {
            expectLineEnd();
        }
        if (position != body.length) {
            throw failure("aws-chunked body has " + (body.length - position) + " bytes after its last chunk");
        }
        return new Decoded(payload.toByteArray(), trailerHeaders);
    }

    private void verifyChunk(String header, int semicolon, int size) {
        int at = header.indexOf(CHUNK_SIGNATURE, Math.max(semicolon, 0));
        if (semicolon < 0 || at < 0) {
            throw failure("aws-chunked chunk header '" + header + "' has no chunk-signature");
        }
        String provided = header.substring(at + CHUNK_SIGNATURE.length()).strip();
        String expected = key.sign(stringToSign.forChunk(previousSignature, Sha256.hex(body, position, size)));
        if (!Sha256.sameSignature(expected, provided)) {
            throw failure("The chunk signature we calculated does not match the one provided for the chunk at byte "
                    + position);
        }
        previousSignature = expected;
    }

    private void readTrailers() {
        Map<String, String> headers = new TreeMap<>();
        String signature = null;
        for (String line = nextLine(); !line.isEmpty(); line = nextLine()) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw failure("aws-chunked trailer '" + line + "' is not name:value");
            }
            String name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).strip();
            if (name.equals(TRAILER_SIGNATURE)) {
                signature = value;
            } else {
                headers.put(name, value);
            }
        }
        if (signedChunks) {
            verifyTrailer(headers, signature);
        }
        trailerHeaders = Map.copyOf(headers);
    }

    private void verifyTrailer(Map<String, String> headers, String provided) {
        if (provided == null) {
            throw failure("aws-chunked body has no x-amz-trailer-signature");
        }
        StringBuilder canonical = new StringBuilder();
        headers.forEach((name, value) ->
                canonical.append(name).append(':').append(value).append('\n'));
        String expected = key.sign(stringToSign.forTrailer(previousSignature, Sha256.hex(canonical.toString())));
        if (!Sha256.sameSignature(expected, provided)) {
            throw failure("The trailer signature we calculated does not match the one provided");
        }
    }

    private String nextLine() {
        for (int i = position; i + 1 < body.length; i++) {
            if (body[i] == '\r' && body[i + 1] == '\n') {
                String line = new String(body, position, i - position, StandardCharsets.ISO_8859_1);
                position = i + 2;
                return line;
            }
        }
        throw failure("aws-chunked body ends without a line end at byte " + position);
    }

    private void expectLineEnd() {
        if (position + 1 >= body.length || body[position] != '\r' || body[position + 1] != '\n') {
            throw failure("aws-chunked chunk is not followed by CRLF at byte " + position);
        }
        position += 2;
    }

    private static int chunkSize(String hex) {
        try {
            int size = Integer.parseInt(hex.strip(), 16);
            if (size < 0) {
                throw new NumberFormatException();
            }
            return size;
        } catch (NumberFormatException e) {
            throw failure("aws-chunked chunk size '" + hex + "' is not hexadecimal");
        }
    }

    private static VerificationFailure failure(String message) {
        return new VerificationFailure(Reason.SIGNATURE_MISMATCH, message);
    }
}
