package dev.guard.sandbox.s3;

import dev.guard.sandbox.server.AwsError;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * ListObjectsV2's continuation token: opaque, as on AWS (in base64url), so a key no XML can carry
 * never travels in the answer through the token. It holds where the page ended: the last key listed,
 * or the last common prefix, whose keys the next page skips.
 *
 * @param name the last key or common prefix listed
 * @param rolledUp whether {@code name} is a common prefix
 */
record ContinuationToken(String name, boolean rolledUp) {
    String encoded() {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(((rolledUp ? "P" : "K") + name).getBytes(StandardCharsets.UTF_8));
    }

    static ContinuationToken decode(String token) {
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw incorrect();
        }
        if (text.startsWith("K") || text.startsWith("P")) {
            return new ContinuationToken(text.substring(1), text.startsWith("P"));
        }
        throw incorrect();
    }

    private static AwsError incorrect() {
        return new AwsError(400, "InvalidArgument", "The continuation token provided is incorrect");
    }
}
