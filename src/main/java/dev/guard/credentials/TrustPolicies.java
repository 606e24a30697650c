package dev.guard.credentials;

import dev.guard.json.JsonException;
import dev.guard.json.JsonReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a role's trust policy for {@code guard doctor}: which Allow statements let someone assume
 * the role without MFA. A statement requires MFA when its Condition demands {@code
 * aws:MultiFactorAuthPresent} true with {@code Bool} (not {@code BoolIfExists}, which long-term
 * keys pass because the key is absent), bounds {@code aws:MultiFactorAuthAge} with a {@code
 * Numeric} operator, or requires the age with {@code Null: false}.
 */
public final class TrustPolicies {
    private TrustPolicies() {}

    /**
     * @return the principals of Allow statements for sts:AssumeRole that do not require MFA, in
     *     words; empty when every such statement does
     * @throws IllegalArgumentException when the document is not JSON
     */
    public static List<String> statementsWithoutMfa(String document) {
        Object root = tree(document);
        List<String> open = new ArrayList<>();
        if (!(root instanceof Map<?, ?> policy)) {
            return open;
        }
        Object statements = policy.get("Statement");
        List<?> list = statements instanceof List<?> l ? l : List.of(statements == null ? Map.of() : statements);
        for (Object s : list) {
            if (s instanceof Map<?, ?> st
                    && "Allow".equals(st.get("Effect"))
                    && allowsAssumeRole(st.get("Action"))
                    && !requiresMfa(st.get("Condition"))) {
                open.add(String.valueOf(st.get("Principal")));
            }
        }
        return open;
    }

    /** Whether some Allow statement names {@code action} (or {@code sts:*}, {@code *}). */
    public static boolean allows(String document, String action) {
        Object root = tree(document);
        if (!(root instanceof Map<?, ?> policy)) {
            return false;
        }
        Object statements = policy.get("Statement");
        List<?> list = statements instanceof List<?> l ? l : List.of(statements == null ? Map.of() : statements);
        for (Object s : list) {
            if (s instanceof Map<?, ?> st && "Allow".equals(st.get("Effect")) && names(st.get("Action"), action)) {
                return true;
            }
        }
        return false;
    }

    private static boolean names(Object actions, String action) {
        List<?> list = actions instanceof List<?> l ? l : List.of(String.valueOf(actions));
        for (Object a : list) {
            // IAM action wildcards: * and ? within the name, case-insensitive ("sts:Set*").
            String pattern = String.valueOf(a).toLowerCase(Locale.ROOT);
            String regex = java.util.regex.Pattern.quote(pattern)
                    .replace("*", "\\E.*\\Q")
                    .replace("?", "\\E.\\Q");
            if (action.toLowerCase(Locale.ROOT).matches(regex)) {
                return true;
            }
        }
        return false;
    }

    private static boolean allowsAssumeRole(Object action) {
        List<?> actions = action instanceof List<?> l ? l : List.of(String.valueOf(action));
        for (Object a : actions) {
            String s = String.valueOf(a).toLowerCase(Locale.ROOT);
            if (s.equals("*") || s.equals("sts:*") || s.equals("sts:assumerole")) {
                return true;
            }
        }
        return false;
    }

    private static boolean requiresMfa(Object condition) {
        if (!(condition instanceof Map<?, ?> conditions)) {
            return false;
        }
        for (var op : conditions.entrySet()) {
            String operator = String.valueOf(op.getKey());
            if (!(op.getValue() instanceof Map<?, ?> keys)) {
                continue;
            }
            for (var k : keys.entrySet()) {
                String key = String.valueOf(k.getKey()).toLowerCase(Locale.ROOT);
                // Several values match when any does: MFA is required only if every value demands it.
                List<?> values = k.getValue() instanceof List<?> l ? l : List.of(String.valueOf(k.getValue()));
                boolean allTrue =
                        !values.isEmpty() && values.stream().allMatch(v -> "true".equalsIgnoreCase(String.valueOf(v)));
                boolean allFalse =
                        !values.isEmpty() && values.stream().allMatch(v -> "false".equalsIgnoreCase(String.valueOf(v)));
                if (operator.equals("Bool") && key.equals("aws:multifactorauthpresent") && allTrue) {
                    return true;
                }
                if (operator.startsWith("Numeric")
                        && !operator.endsWith("IfExists")
                        && key.equals("aws:multifactorauthage")) {
                    return true;
                }
                if (operator.equals("Null") && key.equals("aws:multifactorauthage") && allFalse) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Object tree(String document) {
        try {
            return JsonReader.parse(document);
        } catch (JsonException e) {
            throw new IllegalArgumentException("the trust policy is not JSON");
        }
    }
}
