package dev.guard.sandbox.s3;

import dev.guard.sandbox.server.AwsError;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * ListObjectsV2's continuation token: opaque, as on AWS (the last key listed, in base64url), so a key
 * no XML can carry never travels in the answer through the token, and a client cannot read keys from it.
 */
final class ContinuationToken {
    private ContinuationToken() {}

    static String of(String lastKey) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(lastKey.getBytes(StandardCharsets.UTF_8));
    }

    static String key(String token) {
        try {
            return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new AwsError(400, "InvalidArgument", "The continuation token provided is incorrect");
        }
    }
}
