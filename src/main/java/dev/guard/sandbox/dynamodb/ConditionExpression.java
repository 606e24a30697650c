package dev.guard.sandbox.dynamodb;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A parsed ConditionExpression, by recursive descent over DynamoDB's grammar:
 *
 * <pre>
 * condition  := disjunct ( OR disjunct )*
 * disjunct   := conjunct ( AND conjunct )*
 * conjunct   := NOT conjunct | '(' condition ')' | function | comparison
 * comparison := operand ( comparator operand | BETWEEN operand AND operand | IN '(' operand (',' operand)* ')' )
 * function   := attribute_exists(path) | attribute_not_exists(path) | attribute_type(path, :t)
 *             | begins_with(path, operand) | contains(path, operand)
 * operand    := path | :value | size(path)
 * </pre>
 *
 * An absent attribute makes every comparison false except {@code <>}, as in DynamoDB.
 */
final class ConditionExpression {
    /** An operand's value in an item; null when absent. */
    interface Operand {
        Object value(Map<String, Object> item);
    }

    private final ExpressionTokens in;

    private ConditionExpression(ExpressionTokens in) {
        this.in = in;
    }

    /** Parses {@code text} (as {@code what}, e.g. "ConditionExpression"), resolving names and values in {@code context}. */
    static Predicate<Map<String, Object>> parse(String text, String what, Expressions context) {
        ExpressionTokens tokens = new ExpressionTokens(text, what, context);
        if (tokens.atEnd()) {
            throw ExpressionTokens.invalid(what, "The expression can not be empty;");
        }
        ConditionExpression parser = new ConditionExpression(tokens);
        Predicate<Map<String, Object>> condition = parser.condition();
        if (!tokens.atEnd()) {
            throw tokens.syntaxError();
        }
        return condition;
    }

    private Predicate<Map<String, Object>> condition() {
        Predicate<Map<String, Object>> left = disjunct();
        while (in.accept("OR")) {
            left = left.or(disjunct());
        }
        return left;
    }

    private Predicate<Map<String, Object>> disjunct() {
        Predicate<Map<String, Object>> left = conjunct();
        while (in.accept("AND")) {
            left = left.and(conjunct());
        }
        return left;
    }

    private Predicate<Map<String, Object>> conjunct() {
        if (in.accept("NOT")) {
            return conjunct().negate();
        }
        if (in.accept("(")) {
            Predicate<Map<String, Object>> inner = condition();
            in.expect(")");
            return inner;
        }
        if (isFunction()) {
            return function();
        }
        return comparison();
    }

    private boolean isFunction() {
        return in.peek().kind() == ExpressionTokens.Kind.NAME
                && in.peek(1).is("(")
                && List.of("attribute_exists", "attribute_not_exists", "attribute_type", "begins_with", "contains")
                        .contains(in.peek().text());
    }

    private Predicate<Map<String, Object>> function() {
        String name = in.next().text();
        in.expect("(");
        DocumentPath path = in.path();
        Predicate<Map<String, Object>> out = switch (name) {
            case "attribute_exists" -> item -> path.get(item) != null;
            case "attribute_not_exists" -> item -> path.get(item) == null;
            default -> twoArgumentFunction(name, path);
        };
        in.expect(")");
        return out;
    }

    private Predicate<Map<String, Object>> twoArgumentFunction(String name, DocumentPath path) {
        in.expect(",");
        Operand second = operand();
        return switch (name) {
            case "attribute_type" ->
                item -> {
                    Object v = path.get(item);
                    Object type = second.value(item);
                    return v != null && type != null && AttributeValues.type(v).equals(AttributeValues.payload(type));
                };
            case "begins_with" -> item -> beginsWith(path.get(item), second.value(item));
            default -> item -> contains(path.get(item), second.value(item));
        };
    }

    private static boolean beginsWith(Object value, Object prefix) {
        if (value == null || prefix == null || !AttributeValues.type(value).equals(AttributeValues.type(prefix))) {
            return false;
        }
        return switch (AttributeValues.type(value)) {
            case "S" ->
                AttributeValues.payload(value)
                        .toString()
                        .startsWith(AttributeValues.payload(prefix).toString());
            case "B" ->
                startsWith(
                        AttributeValues.binary(AttributeValues.payload(value)),
                        AttributeValues.binary(AttributeValues.payload(prefix)));
            default -> false;
        };
    }

    private static boolean startsWith(byte[] value, byte[] prefix) {
        return value.length >= prefix.length
                && java.util.Arrays.equals(value, 0, prefix.length, prefix, 0, prefix.length);
    }

    private static boolean contains(Object value, Object operand) {
        if (value == null || operand == null) {
            return false;
        }
        Object payload = AttributeValues.payload(value);
        return switch (AttributeValues.type(value)) {
            case "S" ->
                AttributeValues.type(operand).equals("S")
                        && payload.toString()
                                .contains(AttributeValues.payload(operand).toString());
            case "SS", "NS", "BS" ->
                ((List<?>) payload)
                        .stream()
                                .anyMatch(e -> AttributeValues.equal(
                                        Map.of(AttributeValues.type(value).substring(0, 1), e), operand));
            case "L" -> ((List<?>) payload).stream().anyMatch(e -> AttributeValues.equal(e, operand));
            default -> false;
        };
    }

    private Predicate<Map<String, Object>> comparison() {
        Operand left = operand();
        if (in.accept("BETWEEN")) {
            Operand low = operand();
            in.expect("AND");
            Operand high = operand();
            return item -> compare(left.value(item), low.value(item), c -> c >= 0)
                    && compare(left.value(item), high.value(item), c -> c <= 0);
        }
        if (in.accept("IN")) {
            in.expect("(");
            List<Operand> candidates = new ArrayList<>();
            do {
                candidates.add(operand());
            } while (in.accept(","));
            in.expect(")");
            return item -> candidates.stream().anyMatch(c -> AttributeValues.equal(left.value(item), c.value(item)));
        }
        String comparator = in.peek().text();
        if (!List.of("=", "<>", "<", "<=", ">", ">=").contains(comparator)
                || in.peek().kind() != ExpressionTokens.Kind.SYMBOL) {
            throw in.syntaxError();
        }
        in.next();
        Operand right = operand();
        return switch (comparator) {
            case "=" -> item -> AttributeValues.equal(left.value(item), right.value(item));
            case "<>" -> item -> !AttributeValues.equal(left.value(item), right.value(item));
            case "<" -> item -> compare(left.value(item), right.value(item), c -> c < 0);
            case "<=" -> item -> compare(left.value(item), right.value(item), c -> c <= 0);
            case ">" -> item -> compare(left.value(item), right.value(item), c -> c > 0);
            default -> item -> compare(left.value(item), right.value(item), c -> c >= 0);
        };
    }

    private static boolean compare(Object a, Object b, java.util.function.IntPredicate test) {
        return AttributeValues.compare(a, b).map(test::test).orElse(false);
    }

    /** path, :value or size(path). */
    private Operand operand() {
        if (in.peek().kind() == ExpressionTokens.Kind.VALUE) {
            Object value = in.value();
            return item -> value;
        }
        if (in.peek().is("SIZE") && in.peek(1).is("(") && in.peek().text().equals("size")) {
            in.next();
            in.expect("(");
            DocumentPath path = in.path();
            in.expect(")");
            return item -> size(path.get(item));
        }
        DocumentPath path = in.path();
        return path::get;
    }

    private static Object size(Object value) {
        if (value == null) {
            return null;
        }
        Object payload = AttributeValues.payload(value);
        long size = switch (AttributeValues.type(value)) {
            case "S" -> payload.toString().length();
            case "B" -> AttributeValues.binary(payload).length;
            case "M" -> ((Map<?, ?>) payload).size();
            case "L", "SS", "NS", "BS" -> ((List<?>) payload).size();
            default -> -1;
        };
        return size < 0 ? null : Map.of("N", Long.toString(size));
    }
}
