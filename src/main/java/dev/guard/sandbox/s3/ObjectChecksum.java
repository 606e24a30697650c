package dev.guard.sandbox.s3;

import dev.guard.sandbox.server.AwsError;
import dev.guard.sandbox.server.Call;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;

/**
 * An object's additional checksum as S3 keeps it: the algorithm and its base64 value. Clients send
 * it as an {@code x-amz-checksum-<algorithm>} header or aws-chunked trailer (the SDK v2 sends CRC32
 * with every upload); S3 checks it against the body, answers it on PutObject, on Get/HeadObject
 * with {@code x-amz-checksum-mode: ENABLED}, and names the algorithm in listings.
 */
public record ObjectChecksum(String algorithm, String value) {
    static final List<String> ALGORITHMS = List.of("CRC32", "CRC32C", "CRC64NVME", "SHA1", "SHA256");
    private static final String SDK_ALGORITHM = "x-amz-sdk-checksum-algorithm";
    // CRC-64/NVME (the reflected form of polynomial 0xad93d23594c93659), as S3 defines CRC64NVME.
    private static final long CRC64_NVME_REFLECTED = 0x9A6C9329AC4BC9B5L;

    /**
     * COMPOSITE for a multipart object's checksum of its parts' checksums (its value ends in
     * {@code -N}, the part count), else FULL_OBJECT: S3's x-amz-checksum-type.
     */
    public String type() {
        return value.matches(".*-[0-9]+") ? "COMPOSITE" : "FULL_OBJECT";
    }

    /** The header that carries this checksum, e.g. {@code x-amz-checksum-crc32}. */
    public String header() {
        return header(algorithm);
    }

    static String header(String algorithm) {
        return "x-amz-checksum-" + algorithm.toLowerCase(Locale.ROOT);
    }

    /**
     * The checksum a PutObject call carries (headers and trailers alike), checked against the
     * payload; empty when the call names none. A mismatch is AWS's BadDigest.
     */
    static Optional<ObjectChecksum> of(Call call) {
        List<ObjectChecksum> sent = new ArrayList<>();
        for (String algorithm : ALGORITHMS) {
            String value = call.header(header(algorithm));
            if (value != null) {
                sent.add(new ObjectChecksum(algorithm, value.strip()));
            }
        }
        if (sent.size() > 1) {
            throw new AwsError(
                    400,
                    "InvalidRequest",
                    "Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.");
        }
        String named = Optional.ofNullable(call.header(SDK_ALGORITHM))
                .map(a -> a.strip().toUpperCase(Locale.ROOT))
                .orElse(null);
        if (named != null && !ALGORITHMS.contains(named)) {
            throw new AwsError(400, "InvalidRequest", "Value for " + SDK_ALGORITHM + " header is invalid.");
        }
        if (sent.isEmpty() && named != null) {
            // Naming the algorithm promises its value, in a header or a trailer (the server has
            // already merged an aws-chunked body's trailers into the headers).
            throw new AwsError(
                    400,
                    "InvalidRequest",
                    SDK_ALGORITHM + " specified, but no corresponding x-amz-checksum-* or x-amz-trailer headers were"
                            + " found.");
        }
        if (sent.isEmpty()) {
            return Optional.empty();
        }
        ObjectChecksum checksum = sent.get(0);
        if (named != null && !named.equals(checksum.algorithm())) {
            throw new AwsError(
                    400,
                    "InvalidRequest",
                    "Value for " + SDK_ALGORITHM + " header is invalid: it names " + named + " but " + checksum.header()
                            + " was sent.");
        }
        if (!checksum.value().equals(compute(checksum.algorithm(), call.payload()))) {
            throw new AwsError(
                    400,
                    "BadDigest",
                    "The " + checksum.algorithm() + " you specified did not match the calculated checksum.");
        }
        return Optional.of(checksum);
    }

    /** The base64 checksum of {@code body} with {@code algorithm}, as S3 writes it. */
    static String compute(String algorithm, byte[] body) {
        byte[] raw = switch (algorithm) {
            case "CRC32" -> {
                CRC32 crc = new CRC32();
                crc.update(body);
                yield ByteBuffer.allocate(4).putInt((int) crc.getValue()).array();
            }
            case "CRC32C" -> {
                CRC32C crc = new CRC32C();
                crc.update(body);
                yield ByteBuffer.allocate(4).putInt((int) crc.getValue()).array();
            }
            case "CRC64NVME" -> ByteBuffer.allocate(8).putLong(crc64Nvme(body)).array();
            case "SHA1" -> digest("SHA-1", body);
            case "SHA256" -> digest("SHA-256", body);
            default -> throw new IllegalArgumentException("not an S3 checksum algorithm: " + algorithm);
        };
        return Base64.getEncoder().encodeToString(raw);
    }

    /** CRC-64/NVME a byte at a time (eight times faster than bit by bit: a multipart object is large). */
    private static final long[] CRC64_NVME_TABLE = crc64NvmeTable();

    private static long[] crc64NvmeTable() {
        long[] table = new long[256];
        for (int n = 0; n < 256; n++) {
            long crc = n;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ CRC64_NVME_REFLECTED : crc >>> 1;
            }
            table[n] = crc;
        }
        return table;
    }

    static long crc64Nvme(byte[] body) {
        long crc = ~0L;
        for (byte b : body) {
            crc = CRC64_NVME_TABLE[(int) ((crc ^ b) & 0xFF)] ^ (crc >>> 8);
        }
        return ~crc;
    }

    private static byte[] digest(String name, byte[] body) {
        try {
            return MessageDigest.getInstance(name).digest(body);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(name + " is in every Java runtime", e);
        }
    }
}
