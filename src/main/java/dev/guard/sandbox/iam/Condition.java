package dev.guard.sandbox.iam;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One key under one operator of a statement's Condition block, e.g. {@code
 * "ForAnyValue:StringLikeIfExists": {"aws:TagKeys": ["env", "team"]}} for key aws:TagKeys. A
 * statement's conditions all have to hold; the values of one condition are alternatives.
 */
public record Condition(String operator, String key, List<String> values) {
    /** How a condition treats a key with several values in the request. */
    enum SetQualifier {
        NONE(""),
        FOR_ANY_VALUE("ForAnyValue:"),
        FOR_ALL_VALUES("ForAllValues:");

        final String prefix;

        SetQualifier(String prefix) {
            this.prefix = prefix;
        }
    }

    private static final String IF_EXISTS = "IfExists";

    public Condition {
        Objects.requireNonNull(operator, "operator");
        Objects.requireNonNull(key, "key");
        values = List.copyOf(values);
        ConditionOperator base = parseBase(operator);
        if (base == ConditionOperator.NULL && (ifExists(operator) || qualifier(operator) != SetQualifier.NONE)) {
            throw new PolicyException("condition operator " + operator + " is not valid: Null takes no qualifier");
        }
        if (values.isEmpty()) {
            throw new PolicyException("condition " + operator + " on " + key + " has no values");
        }
        for (String value : values) {
            base.comparison().checkPolicyValue(operator, value);
        }
    }

    ConditionOperator base() {
        return parseBase(operator);
    }

    SetQualifier qualifier() {
        return qualifier(operator);
    }

    boolean ifExists() {
        return ifExists(operator);
    }

    private static SetQualifier qualifier(String operator) {
        String lower = operator.toLowerCase(Locale.ROOT);
        for (SetQualifier qualifier : SetQualifier.values()) {
            if (qualifier != SetQualifier.NONE && lower.startsWith(qualifier.prefix.toLowerCase(Locale.ROOT))) {
                return qualifier;
            }
        }
        return SetQualifier.NONE;
    }

    private static boolean ifExists(String operator) {
        return operator.toLowerCase(Locale.ROOT).endsWith(IF_EXISTS.toLowerCase(Locale.ROOT));
    }

    private static ConditionOperator parseBase(String operator) {
        String name = operator.substring(qualifier(operator).prefix.length());
        if (ifExists(name)) {
            name = name.substring(0, name.length() - IF_EXISTS.length());
        }
        return ConditionOperator.named(name)
                .orElseThrow(() -> new PolicyException("unknown condition operator '" + operator + "'"));
    }

    @Override
    public String toString() {
        return operator + " " + key + (values.size() == 1 ? "=" + values.get(0) : "=" + values);
    }
}
