package dev.guard.sandbox.iam;

import dev.guard.json.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A policy as compact JSON in a fixed element order: what GetRole and GetBucketPolicy return. A
 * single value stays a string, several become a list, and Statement is always a list.
 */
final class PolicyJson {
    private PolicyJson() {}

    static String write(PolicyDocument document) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("Version", document.version());
        document.id().ifPresent(id -> json.put("Id", id));
        json.put(
                "Statement",
                document.statements().stream().map(PolicyJson::statement).toList());
        return Json.compact(json);
    }

    private static Map<String, Object> statement(Statement statement) {
        Map<String, Object> json = new LinkedHashMap<>();
        statement.sid().ifPresent(sid -> json.put("Sid", sid));
        json.put("Effect", statement.effect().awsName());
        statement.principal().ifPresent(principal -> {
            Map<String, Object> byType = new LinkedHashMap<>();
            principal.byType().forEach((type, values) -> byType.put(type, values(values)));
            json.put(principal.elementName(), principal.everyone() ? "*" : byType);
        });
        json.put(statement.action().elementName(), values(statement.action().patterns()));
        statement.resource().ifPresent(resource -> json.put(resource.elementName(), values(resource.patterns())));
        if (!statement.conditions().isEmpty()) {
            // Conditions come grouped by operator, in the order the policy had them.
            Map<String, Map<String, Object>> byOperator = new LinkedHashMap<>();
            for (Condition condition : statement.conditions()) {
                byOperator
                        .computeIfAbsent(condition.operator(), o -> new LinkedHashMap<>())
                        .put(condition.key(), values(condition.values()));
            }
            json.put("Condition", byOperator);
        }
        return json;
    }

    private static Object values(List<String> values) {
        return values.size() == 1 ? values.get(0) : values;
    }
}
