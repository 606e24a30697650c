package dev.guard.sandbox.s3;

import dev.guard.sandbox.server.Call;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/** Bucket and key from the Host header (virtual-hosted style) or the path (path style). */
record S3Target(String bucket, String key, Map<String, String> query) {
    static S3Target of(Call call) {
        Map<String, String> query = Call.decodeForm(call.rawQuery());
        String path = call.rawPath() == null ? "/" : call.rawPath();
        String host = Optional.ofNullable(call.header("host")).orElse("");
        int dot = host.indexOf(".localhost");
        String rest = path.startsWith("/") ? path.substring(1) : path;
        if (dot > 0) {
            return new S3Target(host.substring(0, dot), decode(rest), query);
        }
        int slash = rest.indexOf('/');
        if (slash < 0) {
            return new S3Target(decode(rest), "", query);
        }
        return new S3Target(decode(rest.substring(0, slash)), decode(rest.substring(slash + 1)), query);
    }

    private static String decode(String s) {
        // Path segments: '+' is a literal plus, unlike in form encoding.
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
