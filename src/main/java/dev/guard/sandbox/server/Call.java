package dev.guard.sandbox.server;

import dev.guard.sandbox.state.Caller;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An authenticated request, handed to a service. {@code payload} is the body with any aws-chunked
 * framing removed; {@code evaluations} collects the policy decisions made for it, for the journal.
 */
public record Call(
        Caller caller,
        String accessKeyId,
        String method,
        String rawPath,
        String rawQuery,
        Map<String, List<String>> headers,
        byte[] payload,
        String region,
        String requestId,
        Instant now,
        Evaluations evaluations) {

    public Call(
            Caller caller,
            String accessKeyId,
            String method,
            String rawPath,
            String rawQuery,
            Map<String, List<String>> headers,
            byte[] payload,
            String region,
            String requestId,
            Instant now) {
        this(
                caller,
                accessKeyId,
                method,
                rawPath,
                rawQuery,
                headers,
                payload,
                region,
                requestId,
                now,
                new Evaluations());
    }

    /** Records a policy evaluation made for this request (see {@link Evaluations}). */
    public void evaluated(String action, String resource, dev.guard.sandbox.iam.Decision decision) {
        evaluations.add(action, resource, decision);
    }

    public String header(String name) {
        List<String> v = headers.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    /** Query-protocol parameters: the form body, or the URL query for GET. */
    public Map<String, String> formParameters() {
        String text =
                payload.length > 0 ? new String(payload, StandardCharsets.UTF_8) : rawQuery == null ? "" : rawQuery;
        return decodeForm(text);
    }

    public static Map<String, String> decodeForm(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        if (text == null || text.isEmpty()) {
            return out;
        }
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            out.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return out;
    }
}
