package dev.guard.sandbox.s3;

import dev.guard.sandbox.server.AwsError;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * How a listing shows keys and prefixes: as stored, or with {@code encoding-type=url} encoded as S3
 * encodes them (form-style: a space is {@code +}, a plus {@code %2B}, {@code /} kept). Without the
 * encoding a key holding a character XML 1.0 cannot carry (U+0001) makes the whole answer
 * unparsable, exactly as on AWS — which is why a client that lists unknown keys asks for it.
 */
enum ListingNames {
    RAW,
    URL;

    static ListingNames of(String encodingType) {
        if (encodingType == null) {
            return RAW;
        }
        if (encodingType.equals("url")) {
            return URL;
        }
        throw new AwsError(400, "InvalidArgument", "Invalid Encoding Method specified in Request");
    }

    String shown(String name) {
        return this == RAW
                ? name
                : URLEncoder.encode(name, StandardCharsets.UTF_8).replace("%2F", "/");
    }

    /** The {@code EncodingType} element of the answer, or null (no element) when none was asked for. */
    String encodingType() {
        return this == RAW ? null : "url";
    }
}
