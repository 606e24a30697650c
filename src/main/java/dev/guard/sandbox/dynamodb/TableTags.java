package dev.guard.sandbox.dynamodb;

import dev.guard.sandbox.server.AwsError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** DynamoDB's tag shapes: table ARNs, {@code Tags} and {@code TagKeys} as requests carry them. */
final class TableTags {
    /** User tags a table may carry; AWS's own ({@code aws:}) do not count, and the sandbox has none. */
    static final int MAX_TAGS = 50;

    private static final int MAX_KEY = 128;
    private static final int MAX_VALUE = 256;
    private static final Pattern TABLE_ARN =
            Pattern.compile("arn:aws:dynamodb:([a-z0-9-]+):(\\d{12}):table/([A-Za-z0-9_.-]{3,255})");

    private TableTags() {}

    /** Where a table ARN points. Index, stream and backup ARNs are not table ARNs. */
    record Arn(String region, String account, String table) {
        static Arn parse(String arn) {
            Matcher m = TABLE_ARN.matcher(arn);
            if (!m.matches()) {
                throw invalidArn(arn);
            }
            return new Arn(m.group(1), m.group(2), m.group(3));
        }
    }

    static AwsError invalidArn(String arn) {
        return new AwsError(
                400, "ValidationException", "Invalid TableArn: Invalid ResourceArn provided as input " + arn);
    }

    /** A request's {@code Tags} ([{Key, Value}]), checked as AWS checks them; later keys win. */
    static Map<String, String> fromRequest(Object tags) {
        if (!(tags instanceof List<?> list) || list.isEmpty()) {
            throw validation("Value null at 'tags' failed to satisfy constraint: Member must not be null");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < list.size(); i++) {
            String at = "tags." + (i + 1) + ".member";
            if (!(list.get(i) instanceof Map<?, ?> tag)) {
                throw validation("Value null at '" + at + "' failed to satisfy constraint: Member must not be null");
            }
            String key = member(tag.get("Key"), at + ".key", 1, MAX_KEY);
            String value = member(tag.get("Value"), at + ".value", 0, MAX_VALUE);
            if (key.startsWith("aws:")) {
                throw new AwsError(
                        400,
                        "ValidationException",
                        "One or more parameter values were invalid: the tag key " + key
                                + " uses the aws: prefix, which is reserved for AWS");
            }
            out.put(key, value);
        }
        return out;
    }

    /** A request's {@code TagKeys}: at least one key. */
    static List<String> keys(Object keys) {
        if (!(keys instanceof List<?> list) || list.isEmpty()) {
            throw validation("Value null at 'tagKeys' failed to satisfy constraint: Member must not be null");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            out.add(member(list.get(i), "tagKeys." + (i + 1) + ".member", 1, MAX_KEY));
        }
        return out;
    }

    /** Refuses a TagResource that would leave the table with more than {@link #MAX_TAGS} tags. */
    static void checkLimit(Map<String, String> current, Map<String, String> added) {
        Map<String, String> after = new LinkedHashMap<>(current);
        after.putAll(added);
        if (after.size() > MAX_TAGS) {
            throw new AwsError(
                    400,
                    "LimitExceededException",
                    "The number of tags on a resource cannot exceed " + MAX_TAGS + " (it would be " + after.size()
                            + ")");
        }
    }

    /** Tags as DynamoDB answers them: [{Key, Value}]. */
    static List<Map<String, String>> json(Map<String, String> tags) {
        List<Map<String, String>> out = new ArrayList<>();
        tags.forEach((k, v) -> {
            Map<String, String> tag = new LinkedHashMap<>();
            tag.put("Key", k);
            tag.put("Value", v);
            out.add(tag);
        });
        return out;
    }

    private static String member(Object value, String at, int min, int max) {
        if (!(value instanceof String s)) {
            throw validation("Value null at '" + at + "' failed to satisfy constraint: Member must not be null");
        }
        if (s.length() < min) {
            throw validation("Value '" + s + "' at '" + at
                    + "' failed to satisfy constraint: Member must have length greater than or equal to " + min);
        }
        if (s.length() > max) {
            throw validation("Value '" + s + "' at '" + at
                    + "' failed to satisfy constraint: Member must have length less than or equal to " + max);
        }
        return s;
    }

    private static AwsError validation(String detail) {
        return new AwsError(400, "ValidationException", "1 validation error detected: " + detail);
    }
}
