package dev.guard.sandbox.dynamodb;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A parsed UpdateExpression, by recursive descent:
 *
 * <pre>
 * update  := ( SET set (',' set)* | REMOVE path (',' path)* | ADD path :v (',' ...)* | DELETE path :v (',' ...)* )+
 * set     := path '=' value
 * value   := operand ( ('+' | '-') operand )?
 * operand := path | :value | if_not_exists(path, value) | list_append(value, value)
 * </pre>
 *
 * Every right-hand side is evaluated against the item as it was before the update, then the
 * actions are applied, as DynamoDB does.
 */
final class UpdateExpression {
    private static final String WHAT = "UpdateExpression";

    /** A value computed from the item before the update. */
    private interface Value {
        Object of(Map<String, Object> before);
    }

    private record Action(String clause, DocumentPath path, Value value) {}

    private final ExpressionTokens in;
    private final List<Action> actions = new ArrayList<>();

    private UpdateExpression(ExpressionTokens in) {
        this.in = in;
    }

    static UpdateExpression parse(String text, Expressions context) {
        ExpressionTokens tokens = new ExpressionTokens(text, WHAT, context);
        UpdateExpression update = new UpdateExpression(tokens);
        Set<String> clauses = new HashSet<>();
        do {
            String clause = tokens.peek().text().toUpperCase(java.util.Locale.ROOT);
            if (tokens.peek().kind() != ExpressionTokens.Kind.NAME
                    || !List.of("SET", "REMOVE", "ADD", "DELETE").contains(clause)) {
                throw tokens.syntaxError();
            }
            tokens.next();
            if (!clauses.add(clause)) {
                throw tokens.invalid("The \"" + clause + "\" section can only be used once in an update expression;");
            }
            update.clause(clause);
        } while (!tokens.atEnd());
        update.checkOverlaps();
        return update;
    }

    private void clause(String clause) {
        do {
            DocumentPath path = in.path();
            Value value = switch (clause) {
                case "SET" -> {
                    in.expect("=");
                    yield value();
                }
                case "REMOVE" -> before -> null;
                default -> {
                    Object v = in.value();
                    yield before -> v;
                }
            };
            actions.add(new Action(clause, path, value));
        } while (in.accept(","));
    }

    private void checkOverlaps() {
        for (int i = 0; i < actions.size(); i++) {
            for (int j = i + 1; j < actions.size(); j++) {
                DocumentPath a = actions.get(i).path();
                DocumentPath b = actions.get(j).path();
                if (a.overlaps(b)) {
                    throw in.invalid("Two document paths overlap with each other; must remove or rewrite one of"
                            + " these paths; path one: " + a + ", path two: " + b);
                }
            }
        }
    }

    private Value value() {
        Value left = operand();
        if (in.peek().is("+") || in.peek().is("-")) {
            String operator = in.next().text();
            Value right = operand();
            return before -> arithmetic(operator, left.of(before), right.of(before));
        }
        return left;
    }

    private Value operand() {
        if (in.peek().kind() == ExpressionTokens.Kind.VALUE) {
            Object v = in.value();
            return before -> v;
        }
        String name = in.peek().text();
        if (in.peek().kind() == ExpressionTokens.Kind.NAME && in.peek(1).is("(")) {
            if (name.equals("if_not_exists")) {
                in.next();
                in.expect("(");
                DocumentPath path = in.path();
                in.expect(",");
                Value fallback = value();
                in.expect(")");
                return before -> path.get(before) != null ? path.get(before) : fallback.of(before);
            }
            if (name.equals("list_append")) {
                in.next();
                in.expect("(");
                Value first = value();
                in.expect(",");
                Value second = value();
                in.expect(")");
                return before -> listAppend(first.of(before), second.of(before));
            }
            throw in.invalid("Invalid function name; function: " + name);
        }
        DocumentPath path = in.path();
        return before -> {
            Object v = path.get(before);
            if (v == null) {
                throw AttributeValues.validation(
                        "The provided expression refers to an attribute that does not exist in the item");
            }
            return v;
        };
    }

    private static Object arithmetic(String operator, Object a, Object b) {
        for (Object operand : List.of(a, b)) {
            if (!AttributeValues.type(operand).equals("N")) {
                throw ExpressionTokens.invalid(
                        WHAT,
                        "Incorrect operand type for operator or function; operator or function: " + operator
                                + ", operand type: " + AttributeValues.type(operand));
            }
        }
        BigDecimal x = AttributeValues.number(AttributeValues.payload(a));
        BigDecimal y = AttributeValues.number(AttributeValues.payload(b));
        return Map.of("N", (operator.equals("+") ? x.add(y) : x.subtract(y)).toPlainString());
    }

    private static Object listAppend(Object a, Object b) {
        for (Object operand : List.of(a, b)) {
            if (!AttributeValues.type(operand).equals("L")) {
                throw ExpressionTokens.invalid(
                        WHAT,
                        "Incorrect operand type for operator or function; operator or function: list_append,"
                                + " operand type: " + AttributeValues.type(operand));
            }
        }
        List<Object> joined = new ArrayList<>((List<?>) AttributeValues.payload(a));
        joined.addAll((List<?>) AttributeValues.payload(b));
        return Map.of("L", joined);
    }

    /** The top-level attribute names this update writes (for UPDATED_OLD / UPDATED_NEW). */
    Set<String> updatedNames() {
        Set<String> out = new LinkedHashSet<>();
        actions.forEach(a -> out.add(a.path().topName()));
        return out;
    }

    /** Applies the update to a copy of {@code before} and returns it. */
    Map<String, Object> apply(Map<String, Object> before) {
        List<Object> values = new ArrayList<>();
        actions.forEach(a -> values.add(a.value().of(before)));
        Map<String, Object> after = AttributeValues.copyItem(before);
        for (int i = 0; i < actions.size(); i++) {
            Action a = actions.get(i);
            Object value = values.get(i) == null ? null : AttributeValues.copy(values.get(i));
            switch (a.clause()) {
                case "SET" -> a.path().set(after, value);
                case "REMOVE" -> a.path().remove(after);
                case "ADD" -> a.path().set(after, add(a.path().get(after), value));
                default -> delete(a.path(), after, value);
            }
        }
        return after;
    }

    /** ADD: a number is added to (or starts at 0), a set gains elements; nothing else may be added to. */
    private static Object add(Object current, Object value) {
        String type = AttributeValues.type(value);
        if (type.equals("N")
                && (current == null || AttributeValues.type(current).equals("N"))) {
            return current == null ? value : arithmetic("+", current, value);
        }
        if (type.endsWith("S")
                && type.length() == 2
                && (current == null || AttributeValues.type(current).equals(type))) {
            Set<Object> union = new LinkedHashSet<>();
            if (current != null) {
                union.addAll((List<?>) AttributeValues.payload(current));
            }
            union.addAll((List<?>) AttributeValues.payload(value));
            return Map.of(type, new ArrayList<>(union));
        }
        throw ExpressionTokens.invalid(
                WHAT,
                "Incorrect operand type for operator or function; operator: ADD, operand type: "
                        + (current == null ? type : AttributeValues.type(current)));
    }

    private static void delete(DocumentPath path, Map<String, Object> item, Object value) {
        Object current = path.get(item);
        String type = AttributeValues.type(value);
        if (!(type.equals("SS") || type.equals("NS") || type.equals("BS"))
                || (current != null && !AttributeValues.type(current).equals(type))) {
            throw ExpressionTokens.invalid(
                    WHAT, "Incorrect operand type for operator or function; operator: DELETE, operand type: " + type);
        }
        if (current == null) {
            return;
        }
        List<Object> left = new ArrayList<>((List<?>) AttributeValues.payload(current));
        left.removeAll((List<?>) AttributeValues.payload(value));
        if (left.isEmpty()) {
            path.remove(item);
        } else {
            Map<String, Object> kept = new LinkedHashMap<>();
            kept.put(type, left);
            path.set(item, kept);
        }
    }
}
