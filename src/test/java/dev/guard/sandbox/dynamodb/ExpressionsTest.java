package dev.guard.sandbox.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.guard.sandbox.server.AwsError;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** DynamoDB's condition and update expressions, parsed and evaluated as DynamoDB does. */
class ExpressionsTest {
    private static final Map<String, Object> LOCK = item(
            "LockID", s("runbook/x"),
            "holder", s("alice@host"),
            "ttl", n("1700000100"),
            "hits", n("2"),
            "done", Map.of("BOOL", false),
            "gone", Map.of("NULL", true),
            "tags", Map.of("SS", List.of("a", "b")),
            "info", Map.of("M", Map.of("pid", n("42"), "host", s("h1"))),
            "steps", Map.of("L", List.of(s("one"), n("2"))));

    private static Map<String, Object> s(String v) {
        return Map.of("S", v);
    }

    private static Map<String, Object> n(String v) {
        return Map.of("N", v);
    }

    private static Map<String, Object> item(Object... pairs) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            out.put((String) pairs[i], pairs[i + 1]);
        }
        return out;
    }

    private static Map<String, Object> request(Map<String, Object> names, Map<String, Object> values) {
        Map<String, Object> in = new LinkedHashMap<>();
        if (!names.isEmpty()) {
            in.put("ExpressionAttributeNames", names);
        }
        if (!values.isEmpty()) {
            in.put("ExpressionAttributeValues", values);
        }
        return in;
    }

    private static boolean holds(String condition, Map<String, Object> values) {
        return holds(condition, Map.of("#o", "holder", "#t", "ttl"), values, LOCK);
    }

    private static boolean holds(
            String condition, Map<String, Object> names, Map<String, Object> values, Map<String, Object> item) {
        Expressions context = new Expressions(request(names, values));
        Predicate<Map<String, Object>> p = ConditionExpression.parse(condition, "ConditionExpression", context);
        return p.test(item);
    }

    private static String message(Throwable t) {
        return ((AwsError) t).code() + ": " + t.getMessage();
    }

    @Test
    void existenceFunctionsAndComparisons() {
        assertThat(holds("attribute_exists(LockID)", Map.of())).isTrue();
        assertThat(holds("attribute_not_exists(LockID)", Map.of())).isFalse();
        assertThat(holds("attribute_not_exists(absent)", Map.of())).isTrue();
        assertThat(holds("#o = :me", Map.of(":me", s("alice@host")))).isTrue();
        assertThat(holds("#o <> :me", Map.of(":me", s("alice@host")))).isFalse();
        // Numbers compare by value, not by text.
        assertThat(holds("#t < :now", Map.of(":now", n("1700000100.5")))).isTrue();
        assertThat(holds("#t <= :now", Map.of(":now", n("1700000100")))).isTrue();
        assertThat(holds("#t > :now", Map.of(":now", n("999")))).isTrue();
        assertThat(holds("#t >= :now", Map.of(":now", n("1700000101")))).isFalse();
        assertThat(holds("#t = :now", Map.of(":now", n("1700000100.000")))).isTrue();
    }

    @Test
    void anAbsentAttributeFailsEveryComparisonButNotEquals() {
        assertThat(holds("absent = :v", Map.of(":v", s("x")))).isFalse();
        assertThat(holds("absent < :v", Map.of(":v", n("1")))).isFalse();
        assertThat(holds("absent <> :v", Map.of(":v", s("x")))).isTrue();
        // Different types never compare, and never equal.
        assertThat(holds("#t < :v", Map.of(":v", s("9")))).isFalse();
        assertThat(holds("#t = :v", Map.of(":v", s("1700000100")))).isFalse();
    }

    @Test
    void andOrNotAndParenthesesWithTheirPrecedence() {
        Map<String, Object> values = Map.of(":me", s("alice@host"), ":other", s("bob"), ":now", n("1800000000"));
        // The lock pattern: free, mine, or expired.
        assertThat(holds("attribute_not_exists(LockID) OR #o = :me OR #t < :now", values))
                .isTrue();
        assertThat(holds("attribute_not_exists(LockID) OR (#o = :other AND #t > :now)", values))
                .isFalse();
        // AND binds tighter than OR: true OR (false AND false).
        assertThat(holds("#o = :me OR #o = :other AND #t > :now", values)).isTrue();
        assertThat(holds("(#o = :me OR #o = :other) AND #t > :now", values)).isFalse();
        assertThat(holds("NOT #o = :other AND NOT (#t > :now)", values)).isTrue();
        assertThat(holds("NOT NOT #o = :me", values)).isTrue();
    }

    @Test
    void betweenInAndTheOtherFunctions() {
        assertThat(holds("#t BETWEEN :a AND :b", Map.of(":a", n("1700000000"), ":b", n("1700000100"))))
                .isTrue();
        assertThat(holds("#o IN (:a, :b)", Map.of(":a", s("x"), ":b", s("alice@host"))))
                .isTrue();
        assertThat(holds("begins_with(#o, :p)", Map.of(":p", s("alice@")))).isTrue();
        assertThat(holds("contains(tags, :e)", Map.of(":e", s("b")))).isTrue();
        assertThat(holds("contains(steps, :e)", Map.of(":e", n("2.0")))).isTrue();
        assertThat(holds("attribute_type(done, :t)", Map.of(":t", s("BOOL")))).isTrue();
        assertThat(holds("size(tags) = :two", Map.of(":two", n("2")))).isTrue();
        assertThat(holds("info.pid = :pid AND steps[0] = :one", Map.of(":pid", n("42"), ":one", s("one"))))
                .isTrue();
    }

    @Test
    void undefinedUnusedAndReservedNamesAreRefusedWithDynamoDbsMessages() {
        assertThatThrownBy(() -> holds("#x = :v", Map.of(), Map.of(":v", s("a")), LOCK))
                .satisfies(t -> assertThat(message(t))
                        .isEqualTo("ValidationException: Invalid ConditionExpression: An expression attribute name"
                                + " used in the document path is not defined; attribute name: #x"));
        assertThatThrownBy(() -> holds("LockID = :v", Map.of(), Map.of(), LOCK))
                .satisfies(t -> assertThat(message(t))
                        .isEqualTo("ValidationException: Invalid ConditionExpression: An expression attribute value"
                                + " used in expression is not defined; attribute value: :v"));
        assertThatThrownBy(() -> holds("ttl < :now", Map.of(), Map.of(":now", n("1")), LOCK))
                .satisfies(t -> assertThat(message(t))
                        .isEqualTo("ValidationException: Invalid ConditionExpression: Attribute name is a reserved"
                                + " keyword; reserved keyword: ttl"));
        Expressions unused = new Expressions(request(Map.of("#a", "a"), Map.of(":v", s("x"), ":w", s("y"))));
        ConditionExpression.parse("LockID = :v", "ConditionExpression", unused);
        assertThatThrownBy(() -> unused.requireAllUsed(true))
                .satisfies(t -> assertThat(message(t))
                        .isEqualTo("ValidationException: Value provided in ExpressionAttributeNames unused in"
                                + " expressions: keys: {#a}"));
    }

    @Test
    void syntaxErrorsNameTheToken() {
        assertThatThrownBy(() -> holds("LockID = ", Map.of(), Map.of(), LOCK))
                .satisfies(t -> assertThat(message(t))
                        .startsWith(
                                "ValidationException: Invalid ConditionExpression: Syntax error; token: \"<EOF>\""));
        assertThatThrownBy(() -> holds("(attribute_exists(LockID)", Map.of(), Map.of(), LOCK))
                .isInstanceOf(AwsError.class);
        assertThatThrownBy(() -> holds("attribute_exists(LockID) LockID", Map.of(), Map.of(), LOCK))
                .isInstanceOf(AwsError.class);
        assertThatThrownBy(() -> holds("", Map.of(), Map.of(), LOCK)).isInstanceOf(AwsError.class);
    }

    private static Map<String, Object> update(
            String expression, Map<String, Object> values, Map<String, Object> before) {
        Expressions context = new Expressions(request(Map.of("#t", "ttl"), values));
        return UpdateExpression.parse(expression, context).apply(before);
    }

    @Test
    void setWithArithmeticIfNotExistsAndListAppend() {
        Map<String, Object> after = update(
                "SET #t = :later, hits = hits + :one, started = if_not_exists(started, :now), steps ="
                        + " list_append(steps, :more)",
                Map.of(
                        ":later",
                        n("1700000400"),
                        ":one",
                        n("1"),
                        ":now",
                        n("5"),
                        ":more",
                        Map.of("L", List.of(s("three")))),
                LOCK);

        assertThat(after.get("ttl")).isEqualTo(n("1700000400"));
        assertThat(after.get("hits")).isEqualTo(n("3"));
        assertThat(after.get("started")).isEqualTo(n("5"));
        assertThat(after.get("steps")).isEqualTo(Map.of("L", List.of(s("one"), n("2"), s("three"))));
        // The item it was applied to is unchanged.
        assertThat(LOCK.get("hits")).isEqualTo(n("2"));
        Map<String, Object> again = update("SET started = if_not_exists(started, :now)", Map.of(":now", n("9")), after);
        assertThat(again.get("started")).isEqualTo(n("5"));
    }

    @Test
    void removeAddDeleteAndNestedPaths() {
        Map<String, Object> after = update(
                "REMOVE gone, info.host ADD hits :two, tags :c SET info.pid = :pid",
                Map.of(":two", n("2"), ":c", Map.of("SS", List.of("c")), ":pid", n("7")),
                LOCK);

        assertThat(after).doesNotContainKey("gone");
        assertThat(after.get("hits")).isEqualTo(n("4"));
        assertThat(after.get("info")).isEqualTo(Map.of("M", Map.of("pid", n("7"))));
        assertThat(after.get("tags")).isEqualTo(Map.of("SS", List.of("a", "b", "c")));
        Map<String, Object> fewer = update("DELETE tags :a", Map.of(":a", Map.of("SS", List.of("a", "c"))), after);
        assertThat(fewer.get("tags")).isEqualTo(Map.of("SS", List.of("b")));
        // Deleting the last elements removes the attribute: DynamoDB has no empty sets.
        assertThat(update("DELETE tags :b", Map.of(":b", Map.of("SS", List.of("b"))), fewer))
                .doesNotContainKey("tags");
    }

    @Test
    void updateErrorsAreDynamoDbs() {
        assertThatThrownBy(() -> update("SET holder = holder + :one", Map.of(":one", n("1")), LOCK))
                .satisfies(t -> assertThat(message(t))
                        .isEqualTo("ValidationException: Invalid UpdateExpression: Incorrect operand type for operator"
                                + " or function; operator or function: +, operand type: S"));
        assertThatThrownBy(() -> update("SET a = absent + :one", Map.of(":one", n("1")), LOCK))
                .satisfies(t -> assertThat(message(t))
                        .isEqualTo("ValidationException: The provided expression refers to an attribute that does not"
                                + " exist in the item"));
        assertThatThrownBy(() -> update("SET a = :one, a = :one", Map.of(":one", n("1")), LOCK))
                .satisfies(t -> assertThat(message(t)).contains("Two document paths overlap"));
        assertThatThrownBy(() -> update("SET a = :one SET b = :one", Map.of(":one", n("1")), LOCK))
                .satisfies(t -> assertThat(message(t))
                        .contains("The \"SET\" section can only be used once in an update expression"));
    }

    @Test
    void attributeValuesAreCheckedAsDynamoDbChecksThem() {
        assertThatThrownBy(() -> AttributeValues.check(Map.of()))
                .hasMessage("Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
        assertThatThrownBy(() -> AttributeValues.check(Map.of("N", "twelve")))
                .hasMessageStartingWith("The parameter cannot be converted to a numeric value");
        assertThatThrownBy(() -> AttributeValues.check(Map.of("SS", List.of())))
                .hasMessageContaining("may not be empty");
        assertThatThrownBy(() -> AttributeValues.check(Map.of("NS", List.of("1", "1.0"))))
                .hasMessageContaining("contains duplicates");
        AttributeValues.check(Map.of(
                "M", Map.of("l", Map.of("L", List.of(Map.of("NULL", true), Map.of("BOOL", true))))));
    }

    @Test
    void reservedWordsAreCaseInsensitiveAndIncludeTheLockTablesUsualNames() {
        assertThat(List.of("ttl", "TTL", "owner", "status", "token", "key", "name", "data", "size"))
                .allMatch(ReservedWords::isReserved);
        assertThat(List.of("LockID", "expires", "holder", "pid")).noneMatch(ReservedWords::isReserved);
    }
}
