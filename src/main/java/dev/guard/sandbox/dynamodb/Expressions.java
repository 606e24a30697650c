package dev.guard.sandbox.dynamodb;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A request's ExpressionAttributeNames and ExpressionAttributeValues, with what its expressions
 * used of them: DynamoDB refuses an undefined one and an unused one, and so does the sandbox.
 */
final class Expressions {
    private final Map<String, String> names = new LinkedHashMap<>();
    private final Map<String, Object> values = new LinkedHashMap<>();
    private final Set<String> usedNames = new LinkedHashSet<>();
    private final Set<String> usedValues = new LinkedHashSet<>();
    private final boolean namesGiven;
    private final boolean valuesGiven;

    Expressions(Map<String, Object> request) {
        Object n = request.get("ExpressionAttributeNames");
        Object v = request.get("ExpressionAttributeValues");
        namesGiven = n != null;
        valuesGiven = v != null;
        if (n instanceof Map<?, ?> m) {
            if (m.isEmpty()) {
                throw AttributeValues.validation("ExpressionAttributeNames must not be empty");
            }
            m.forEach((alias, name) -> names.put(alias.toString(), String.valueOf(name)));
        }
        if (v instanceof Map<?, ?> m) {
            if (m.isEmpty()) {
                throw AttributeValues.validation("ExpressionAttributeValues must not be empty");
            }
            m.forEach((ref, value) -> {
                AttributeValues.check(value);
                values.put(ref.toString(), value);
            });
        }
    }

    String name(String alias, String what) {
        String name = names.get(alias);
        if (name == null) {
            throw ExpressionTokens.invalid(
                    what,
                    "An expression attribute name used in the document path is not defined; attribute name: " + alias);
        }
        usedNames.add(alias);
        return name;
    }

    Object value(String ref, String what) {
        Object value = values.get(ref);
        if (value == null) {
            throw ExpressionTokens.invalid(
                    what, "An expression attribute value used in expression is not defined; attribute value: " + ref);
        }
        usedValues.add(ref);
        return value;
    }

    /** After every expression of the request is parsed: names and values given but never used are errors. */
    void requireAllUsed(boolean anyExpression) {
        if (!anyExpression && (namesGiven || valuesGiven)) {
            throw AttributeValues.validation((namesGiven ? "ExpressionAttributeNames" : "ExpressionAttributeValues")
                    + " can only be specified when using expressions");
        }
        Set<String> unusedNames = new TreeSet<>(names.keySet());
        unusedNames.removeAll(usedNames);
        if (!unusedNames.isEmpty()) {
            throw AttributeValues.validation("Value provided in ExpressionAttributeNames unused in expressions: keys: {"
                    + String.join(", ", unusedNames) + "}");
        }
        Set<String> unusedValues = new TreeSet<>(values.keySet());
        unusedValues.removeAll(usedValues);
        if (!unusedValues.isEmpty()) {
            throw AttributeValues.validation(
                    "Value provided in ExpressionAttributeValues unused in expressions: keys: {"
                            + String.join(", ", unusedValues) + "}");
        }
    }
}
