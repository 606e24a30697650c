package dev.guard.sandbox.iam;

import java.util.Locale;
import java.util.Optional;

/** The condition operators of IAM's policy grammar, without set qualifiers or the IfExists suffix. */
enum ConditionOperator {
    STRING_EQUALS("StringEquals", ValueComparison.STRING_EQUALS, false),
    STRING_NOT_EQUALS("StringNotEquals", ValueComparison.STRING_EQUALS, true),
    STRING_EQUALS_IGNORE_CASE("StringEqualsIgnoreCase", ValueComparison.STRING_EQUALS_IGNORE_CASE, false),
    STRING_NOT_EQUALS_IGNORE_CASE("StringNotEqualsIgnoreCase", ValueComparison.STRING_EQUALS_IGNORE_CASE, true),
    STRING_LIKE("StringLike", ValueComparison.STRING_LIKE, false),
    STRING_NOT_LIKE("StringNotLike", ValueComparison.STRING_LIKE, true),
    NUMERIC_EQUALS("NumericEquals", ValueComparison.NUMERIC_EQUALS, false),
    NUMERIC_NOT_EQUALS("NumericNotEquals", ValueComparison.NUMERIC_EQUALS, true),
    NUMERIC_LESS_THAN("NumericLessThan", ValueComparison.NUMERIC_LESS_THAN, false),
    NUMERIC_LESS_THAN_EQUALS("NumericLessThanEquals", ValueComparison.NUMERIC_LESS_THAN_EQUALS, false),
    NUMERIC_GREATER_THAN("NumericGreaterThan", ValueComparison.NUMERIC_GREATER_THAN, false),
    NUMERIC_GREATER_THAN_EQUALS("NumericGreaterThanEquals", ValueComparison.NUMERIC_GREATER_THAN_EQUALS, false),
    DATE_EQUALS("DateEquals", ValueComparison.DATE_EQUALS, false),
    DATE_NOT_EQUALS("DateNotEquals", ValueComparison.DATE_EQUALS, true),
    DATE_LESS_THAN("DateLessThan", ValueComparison.DATE_LESS_THAN, false),
    DATE_LESS_THAN_EQUALS("DateLessThanEquals", ValueComparison.DATE_LESS_THAN_EQUALS, false),
    DATE_GREATER_THAN("DateGreaterThan", ValueComparison.DATE_GREATER_THAN, false),
    DATE_GREATER_THAN_EQUALS("DateGreaterThanEquals", ValueComparison.DATE_GREATER_THAN_EQUALS, false),
    BOOL("Bool", ValueComparison.BOOL, false),
    BINARY_EQUALS("BinaryEquals", ValueComparison.BINARY_EQUALS, false),
    IP_ADDRESS("IpAddress", ValueComparison.IP_ADDRESS, false),
    NOT_IP_ADDRESS("NotIpAddress", ValueComparison.IP_ADDRESS, true),
    ARN_EQUALS("ArnEquals", ValueComparison.ARN_LIKE, false),
    ARN_NOT_EQUALS("ArnNotEquals", ValueComparison.ARN_LIKE, true),
    ARN_LIKE("ArnLike", ValueComparison.ARN_LIKE, false),
    ARN_NOT_LIKE("ArnNotLike", ValueComparison.ARN_LIKE, true),
    NULL("Null", ValueComparison.NULL, false);

    private final String awsName;
    private final ValueComparison comparison;
    private final boolean negated;

    ConditionOperator(String awsName, ValueComparison comparison, boolean negated) {
        this.awsName = awsName;
        this.comparison = comparison;
        this.negated = negated;
    }

    /** The operator as policies spell it, matched case-insensitively. */
    static Optional<ConditionOperator> named(String name) {
        String wanted = name.toLowerCase(Locale.ROOT);
        for (ConditionOperator operator : values()) {
            if (operator.awsName.toLowerCase(Locale.ROOT).equals(wanted)) {
                return Optional.of(operator);
            }
        }
        return Optional.empty();
    }

    String awsName() {
        return awsName;
    }

    ValueComparison comparison() {
        return comparison;
    }

    /** A negated operator holds when no policy value matches (NOR), and when the key is absent. */
    boolean negated() {
        return negated;
    }
}
