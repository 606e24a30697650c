package dev.guard.sandbox.sigv4;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An HTTP request as the server received it: the raw (still percent-encoded) path and query, the
 * headers with lower-case names and values as received, and the body.
 *
 * <p>Header names are lower-cased here as well, so a caller that forgets (HttpExchange capitalises
 * them) still gets a correct verification; repeated headers are merged in order.
 */
public record SignedRequest(
        String method, String rawPath, String rawQuery, Map<String, List<String>> headers, byte[] body) {

    public SignedRequest {
        method = method == null ? "" : method;
        rawPath = rawPath == null ? "" : rawPath;
        headers = lowerCaseNames(headers == null ? Map.of() : headers);
        body = body == null ? new byte[0] : body;
    }

    /** The first value of a header, or null when the request does not carry it. */
    public String header(String lowerCaseName) {
        List<String> values = headers.get(lowerCaseName);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static Map<String, List<String>> lowerCaseNames(Map<String, List<String>> headers) {
        Map<String, List<String>> result = new LinkedHashMap<>();
        headers.forEach((name, values) -> {
            String key = name.toLowerCase(Locale.ROOT);
            List<String> existing = result.get(key);
            List<String> copy = values == null ? List.of() : List.copyOf(values);
            if (existing == null) {
                result.put(key, copy);
            } else {
                result.put(key, concat(existing, copy));
            }
        });
        return Map.copyOf(result);
    }

    private static List<String> concat(List<String> first, List<String> second) {
        String[] all = new String[first.size() + second.size()];
        int i = 0;
        for (String value : first) {
            all[i++] = value;
        }
        for (String value : second) {
            all[i++] = value;
        }
        return List.of(all);
    }
}
