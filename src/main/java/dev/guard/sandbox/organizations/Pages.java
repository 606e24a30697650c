package dev.guard.sandbox.organizations;

import dev.guard.sandbox.server.AwsError;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Organizations' paging: MaxResults 1-20 (botocore's model; 20 when absent), and an opaque
 * NextToken that names the operation and the list it pages (a token of another list, or one the
 * sandbox never issued, is InvalidInputException INVALID_NEXT_TOKEN, as AWS answers).
 */
final class Pages {
    static final int MAX_RESULTS = 20;
    private static final String MAGIC = "guard-sandbox-organizations/1";

    private Pages() {}

    /** One page of {@code all} under {@code key}, with NextToken when more remain. */
    static Map<String, Object> page(String key, List<?> all, Map<String, Object> in, String scope) {
        int max = maxResults(in);
        int from = in.get("NextToken") == null ? 0 : offset(in.get("NextToken"), scope, all.size());
        int to = Math.min(all.size(), from + max);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(key, all.subList(from, to));
        if (to < all.size()) {
            out.put("NextToken", token(scope, to));
        }
        return out;
    }

    /** A request's MaxResults, checked: 1-20, an integer. */
    static int maxResults(Map<String, Object> in) {
        Object v = in.get("MaxResults");
        if (v == null) {
            return MAX_RESULTS;
        }
        if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
            // The JSON protocol's answer to a member of the wrong type.
            throw new AwsError(400, "SerializationException", "STRING_VALUE can not be converted to an Integer");
        }
        if (n.longValue() < 1) {
            throw invalid("MIN_VALUE_EXCEEDED", "You provided a value that does not meet the required minimum value.");
        }
        if (n.longValue() > MAX_RESULTS) {
            throw invalid("MAX_VALUE_EXCEEDED", "You provided a value that exceeds the maximum allowed value.");
        }
        return n.intValue();
    }

    static String token(String scope, int offset) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString((MAGIC + "\n" + scope + "\n" + offset).getBytes(StandardCharsets.UTF_8));
    }

    private static int offset(Object token, String scope, int size) {
        try {
            String[] parts =
                    new String(Base64.getUrlDecoder().decode((String) token), StandardCharsets.UTF_8).split("\n", -1);
            if (parts.length == 3 && parts[0].equals(MAGIC) && parts[1].equals(scope)) {
                int offset = Integer.parseInt(parts[2]);
                if (offset > 0 && offset < size) {
                    return offset;
                }
            }
        } catch (IllegalArgumentException | ClassCastException unreadable) {
            // not a token of ours: refused below, as any other
        }
        throw invalid("INVALID_NEXT_TOKEN", "You specified an invalid value for nextToken.");
    }

    static AwsError invalid(String reason, String message) {
        return new AwsError(400, "InvalidInputException", message).withDetail("Reason", reason);
    }
}
