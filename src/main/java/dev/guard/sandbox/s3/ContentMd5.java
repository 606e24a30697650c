package dev.guard.sandbox.s3;

import dev.guard.sandbox.server.AwsError;
import dev.guard.sandbox.server.Call;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The {@code Content-MD5} header of a write, checked as S3 checks it before storing anything: not
 * the base64 of 16 bytes is InvalidDigest; another body's digest is BadDigest, naming the digest
 * sent (in hex) and the one computed (in base64).
 */
final class ContentMd5 {
    private ContentMd5() {}

    static void check(Call call) {
        String sent = call.header("content-md5");
        if (sent == null) {
            return;
        }
        byte[] expected;
        try {
            expected = Base64.getDecoder().decode(sent.strip());
        } catch (IllegalArgumentException e) {
            throw invalid(sent);
        }
        if (expected.length != 16) {
            throw invalid(sent);
        }
        byte[] computed = md5(call.payload());
        if (!MessageDigest.isEqual(expected, computed)) {
            throw new AwsError(400, "BadDigest", "The Content-MD5 you specified did not match what we received.")
                    .withDetail("ExpectedDigest", HexFormat.of().formatHex(expected))
                    .withDetail("CalculatedDigest", Base64.getEncoder().encodeToString(computed));
        }
    }

    private static AwsError invalid(String sent) {
        return new AwsError(400, "InvalidDigest", "The Content-MD5 you specified was invalid.")
                .withDetail("Content-MD5", sent);
    }

    static byte[] md5(byte[] body) {
        try {
            return MessageDigest.getInstance("MD5").digest(body);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is in every Java runtime", e);
        }
    }
}
