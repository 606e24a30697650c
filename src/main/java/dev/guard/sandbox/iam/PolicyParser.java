package dev.guard.sandbox.iam;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Checks a policy tree against IAM's policy grammar and builds the statements from it. */
final class PolicyParser {
    private static final Set<String> DOCUMENT_ELEMENTS = Set.of("Version", "Id", "Statement");
    private static final Set<String> STATEMENT_ELEMENTS = Set.of(
            "Sid",
            "Effect",
            "Principal",
            "NotPrincipal",
            "Action",
            "NotAction",
            "Resource",
            "NotResource",
            "Condition");
    private static final Set<String> PRINCIPAL_TYPES = Set.of("AWS", "Service", "Federated", "CanonicalUser");

    private PolicyParser() {}

    static PolicyDocument parse(Object tree) {
        Map<String, Object> document = map(tree, "policy document");
        unknown(document, DOCUMENT_ELEMENTS, "policy document");
        String version = Optional.ofNullable(document.get("Version"))
                .map(v -> string(v, "Version"))
                .orElse(PolicyDocument.VERSION_2008);
        if (!version.equals(PolicyDocument.VERSION_2012) && !version.equals(PolicyDocument.VERSION_2008)) {
            throw new PolicyException("policy Version must be 2012-10-17 or 2008-10-17, not '" + version + "'");
        }
        Optional<String> id = Optional.ofNullable(document.get("Id")).map(v -> string(v, "Id"));
        Object statementTree = document.get("Statement");
        if (statementTree == null) {
            throw new PolicyException("policy document has no Statement");
        }
        List<Object> statementTrees =
                statementTree instanceof List<?> list ? new ArrayList<>(list) : List.of(statementTree);
        if (statementTrees.isEmpty()) {
            throw new PolicyException("policy Statement is empty");
        }
        List<Statement> statements = new ArrayList<>();
        Set<String> sids = new HashSet<>();
        for (int i = 0; i < statementTrees.size(); i++) {
            Statement statement = statement(statementTrees.get(i), "Statement[" + i + "]");
            statement.sid().filter(sid -> !sids.add(sid)).ifPresent(sid -> {
                throw new PolicyException("policy repeats the Sid '" + sid + "'; Sids must be unique");
            });
            statements.add(statement);
        }
        return new PolicyDocument(version, id, statements);
    }

    private static Statement statement(Object tree, String where) {
        Map<String, Object> element = map(tree, where);
        unknown(element, STATEMENT_ELEMENTS, where);
        Optional<String> sid = Optional.ofNullable(element.get("Sid")).map(v -> string(v, where + ".Sid"));
        String label = sid.map(s -> "statement '" + s + "'").orElse(where);
        Object effectValue = element.get("Effect");
        if (effectValue == null) {
            throw new PolicyException(label + " has no Effect");
        }
        String effect = string(effectValue, label + ".Effect");
        Statement.Effect parsedEffect = switch (effect) {
            case "Allow" -> Statement.Effect.ALLOW;
            case "Deny" -> Statement.Effect.DENY;
            default -> throw new PolicyException(label + " has Effect '" + effect + "'; it must be Allow or Deny");
        };
        String actionName =
                exactlyOne(element, "Action", "NotAction", label, true).orElseThrow();
        List<String> actions = strings(element.get(actionName), label + "." + actionName);
        actions.stream()
                .filter(a -> !a.equals("*") && !a.matches("[^:*?]+:[^:]+"))
                .findFirst()
                .ifPresent(a -> {
                    throw new PolicyException(label + " has " + actionName + " '" + a + "'; use service:action");
                });
        Optional<ResourceElement> resource = exactlyOne(element, "Resource", "NotResource", label, false)
                .map(name ->
                        new ResourceElement(resources(element.get(name), label + "." + name), name.startsWith("Not")));
        Optional<PrincipalElement> principal = exactlyOne(element, "Principal", "NotPrincipal", label, false)
                .map(name -> principal(element.get(name), name.startsWith("Not"), label + "." + name));
        List<Condition> conditions =
                element.containsKey("Condition") ? conditions(element.get("Condition"), label) : List.of();
        return new Statement(
                sid,
                parsedEffect,
                principal,
                new ActionElement(actions, actionName.startsWith("Not")),
                resource,
                conditions);
    }

    private static Optional<String> exactlyOne(
            Map<String, Object> element, String name, String negated, String label, boolean required) {
        boolean hasName = element.containsKey(name);
        boolean hasNegated = element.containsKey(negated);
        if (hasName && hasNegated) {
            throw new PolicyException(label + " has both " + name + " and " + negated);
        }
        if (required && !hasName && !hasNegated) {
            throw new PolicyException(label + " has neither " + name + " nor " + negated);
        }
        return hasName ? Optional.of(name) : hasNegated ? Optional.of(negated) : Optional.empty();
    }

    private static List<String> resources(Object tree, String where) {
        List<String> resources = strings(tree, where);
        for (String resource : resources) {
            if (!resource.equals("*") && !resource.startsWith("arn:")) {
                throw new PolicyException(where + " '" + resource + "' must be an ARN or *");
            }
        }
        return resources;
    }

    private static PrincipalElement principal(Object tree, boolean negated, String where) {
        if ("*".equals(tree)) {
            return new PrincipalElement(negated, true, Map.of());
        }
        Map<String, Object> types = map(tree, where);
        if (types.isEmpty()) {
            throw new PolicyException(where + " names no principal");
        }
        unknown(types, PRINCIPAL_TYPES, where);
        Map<String, List<String>> byType = new LinkedHashMap<>();
        types.forEach((type, values) -> byType.put(type, strings(values, where + "." + type)));
        byType.computeIfPresent(
                "AWS",
                (type, values) ->
                        values.stream().map(value -> awsPrincipal(value, where)).toList());
        return new PrincipalElement(negated, false, byType);
    }

    private static String awsPrincipal(String value, String where) {
        if (value.matches("\\d{12}")) {
            return PrincipalElement.rootArn("aws", value); // AWS stores a bare account id this way
        }
        if (value.equals("*") || value.matches("arn:[^:]+:(iam|sts)::\\d{12}:.+")) {
            return value;
        }
        throw new PolicyException(where + ".AWS '" + value + "' is not an account id, an IAM or STS ARN, or *");
    }

    private static List<Condition> conditions(Object tree, String label) {
        List<Condition> conditions = new ArrayList<>();
        map(tree, label + ".Condition").forEach((operator, block) -> {
            Map<String, Object> keys = map(block, label + ".Condition." + operator);
            if (keys.isEmpty()) {
                throw new PolicyException(label + ".Condition." + operator + " names no condition key");
            }
            keys.forEach((key, values) ->
                    conditions.add(new Condition(operator, key, strings(values, label + ".Condition." + operator))));
        });
        return conditions;
    }

    private static void unknown(Map<String, Object> element, Set<String> known, String where) {
        element.keySet().stream()
                .filter(name -> !known.contains(name))
                .findFirst()
                .ifPresent(name -> {
                    throw new PolicyException(where + " has an unknown element '" + name + "'");
                });
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object tree, String where) {
        if (!(tree instanceof Map<?, ?> map)) {
            throw new PolicyException(where + " must be an object, not " + describe(tree));
        }
        for (Object key : map.keySet()) {
            if (!(key instanceof String)) {
                throw new PolicyException(where + " has a key that is not text: " + key);
            }
        }
        return (Map<String, Object>) map;
    }

    private static List<String> strings(Object tree, String where) {
        List<?> values = tree instanceof List<?> list ? list : tree == null ? List.of() : List.of(tree);
        if (values.isEmpty()) {
            throw new PolicyException(where + " is empty");
        }
        List<String> strings = new ArrayList<>();
        for (Object value : values) {
            strings.add(scalar(value, where));
        }
        return strings;
    }

    private static String scalar(Object value, String where) {
        if (value instanceof String || value instanceof Boolean) {
            return value.toString();
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.toPlainString();
        }
        if (value instanceof Double || value instanceof Float) {
            return BigDecimal.valueOf(((Number) value).doubleValue())
                    .stripTrailingZeros()
                    .toPlainString();
        }
        if (value instanceof Number) {
            return value.toString();
        }
        throw new PolicyException(where + " must be text, not " + describe(value));
    }

    private static String string(Object value, String where) {
        if (!(value instanceof String text)) {
            throw new PolicyException(where + " must be text, not " + describe(value));
        }
        return text;
    }

    private static String describe(Object value) {
        if (value == null) {
            return "nothing";
        }
        return value instanceof Map ? "an object" : value instanceof List ? "a list" : "'" + value + "'";
    }
}
