package dev.guard.sandbox.s3;

import dev.guard.sandbox.server.AwsError;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/**
 * ListObjectsV2's continuation token: opaque, as on AWS (in base64url), so a key no XML can carry
 * never travels in the answer through the token. It holds where the page ended: the last key listed,
 * or the last common prefix, whose keys the next page skips; and a check over that and the bucket's
 * name, so a token S3 did not issue for this bucket (garbage, another bucket's) is refused as on AWS.
 *
 * @param name the last key or common prefix listed
 * @param rolledUp whether {@code name} is a common prefix
 */
record ContinuationToken(String name, boolean rolledUp) {
    private static final int CHECK_BYTES = 8;

    String encoded(String bucket) {
        byte[] text = ((rolledUp ? "P" : "K") + name).getBytes(StandardCharsets.UTF_8);
        byte[] token = Arrays.copyOf(text, text.length + CHECK_BYTES);
        System.arraycopy(check(bucket, text), 0, token, text.length, CHECK_BYTES);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(token);
    }

    static ContinuationToken decode(String token, String bucket) {
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(token);
        } catch (IllegalArgumentException e) {
            throw incorrect(token);
        }
        if (raw.length <= CHECK_BYTES) {
            throw incorrect(token);
        }
        byte[] text = Arrays.copyOf(raw, raw.length - CHECK_BYTES);
        byte[] sent = Arrays.copyOfRange(raw, text.length, raw.length);
        if (!MessageDigest.isEqual(sent, check(bucket, text))) {
            throw incorrect(token);
        }
        String decoded = new String(text, StandardCharsets.UTF_8);
        if (decoded.startsWith("K") || decoded.startsWith("P")) {
            return new ContinuationToken(decoded.substring(1), decoded.startsWith("P"));
        }
        throw incorrect(token);
    }

    private static byte[] check(String bucket, byte[] text) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(("guard-sandbox-listing\0" + bucket + "\0").getBytes(StandardCharsets.UTF_8));
            return Arrays.copyOf(sha.digest(text), CHECK_BYTES);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is in every Java runtime", e);
        }
    }

    private static AwsError incorrect(String token) {
        return new AwsError(400, "InvalidArgument", "The continuation token provided is incorrect")
                .withDetail("ArgumentName", "continuation-token")
                .withDetail("ArgumentValue", token);
    }
}
