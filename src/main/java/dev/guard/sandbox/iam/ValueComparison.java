package dev.guard.sandbox.iam;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** How one request value is compared with one policy value, per family of condition operators. */
enum ValueComparison {
    STRING_EQUALS,
    STRING_EQUALS_IGNORE_CASE,
    STRING_LIKE,
    NUMERIC_EQUALS,
    NUMERIC_LESS_THAN,
    NUMERIC_LESS_THAN_EQUALS,
    NUMERIC_GREATER_THAN,
    NUMERIC_GREATER_THAN_EQUALS,
    DATE_EQUALS,
    DATE_LESS_THAN,
    DATE_LESS_THAN_EQUALS,
    DATE_GREATER_THAN,
    DATE_GREATER_THAN_EQUALS,
    BOOL,
    BINARY_EQUALS,
    IP_ADDRESS,
    ARN_LIKE,
    NULL;

    /** Whether the request's value satisfies the policy's value (before any negation). */
    boolean test(String requestValue, String policyValue) {
        return switch (this) {
            case STRING_EQUALS, BINARY_EQUALS -> requestValue.equals(policyValue);
            case STRING_EQUALS_IGNORE_CASE, BOOL -> requestValue.equalsIgnoreCase(policyValue);
            case STRING_LIKE -> Wildcard.matches(policyValue, requestValue, false);
            case ARN_LIKE -> Wildcard.matchesArn(policyValue, requestValue);
            case IP_ADDRESS ->
                IpRange.parse(policyValue)
                        .map(range -> range.contains(requestValue))
                        .orElse(false);
            case NULL -> throw new IllegalStateException("Null is decided on presence, not on values");
            default -> ordered(requestValue, policyValue);
        };
    }

    private boolean ordered(String requestValue, String policyValue) {
        Optional<Integer> order = isNumeric()
                ? compare(number(requestValue), number(policyValue))
                : compare(instant(requestValue), instant(policyValue));
        if (order.isEmpty()) {
            return false; // a request value of the wrong type matches nothing
        }
        int c = order.get();
        return switch (this) {
            case NUMERIC_LESS_THAN, DATE_LESS_THAN -> c < 0;
            case NUMERIC_LESS_THAN_EQUALS, DATE_LESS_THAN_EQUALS -> c <= 0;
            case NUMERIC_GREATER_THAN, DATE_GREATER_THAN -> c > 0;
            case NUMERIC_GREATER_THAN_EQUALS, DATE_GREATER_THAN_EQUALS -> c >= 0;
            default -> c == 0;
        };
    }

    private boolean isNumeric() {
        return name().startsWith("NUMERIC");
    }

    /** Refuses a policy value this family can never compare, so a typo fails at load time. */
    void checkPolicyValue(String operator, String policyValue) {
        boolean valid;
        if (isNumeric()) {
            valid = number(policyValue).isPresent();
        } else if (name().startsWith("DATE")) {
            valid = instant(policyValue).isPresent();
        } else if (this == BOOL || this == NULL) {
            valid = policyValue.equalsIgnoreCase("true") || policyValue.equalsIgnoreCase("false");
        } else if (this == IP_ADDRESS) {
            valid = IpRange.parse(policyValue).isPresent();
        } else {
            valid = true;
        }
        if (!valid) {
            throw new PolicyException("condition " + operator + " cannot use the value '" + policyValue + "'");
        }
    }

    private static <T extends Comparable<T>> Optional<Integer> compare(Optional<T> left, Optional<T> right) {
        if (left.isEmpty() || right.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(left.get().compareTo(right.get()));
    }

    static Optional<BigDecimal> number(String text) {
        try {
            return Optional.of(new BigDecimal(text.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** ISO 8601 (date-time with zone or offset, or a plain date at midnight UTC) or epoch seconds. */
    static Optional<Instant> instant(String text) {
        String value = text.trim();
        if (value.matches("-?\\d+")) {
            return Optional.of(Instant.ofEpochSecond(Long.parseLong(value)));
        }
        try {
            return Optional.of(OffsetDateTime.parse(value).toInstant());
        } catch (DateTimeParseException notADateTime) {
            try {
                return Optional.of(LocalDate.parse(value).atStartOfDay().toInstant(ZoneOffset.UTC));
            } catch (DateTimeParseException notADate) {
                return Optional.empty();
            }
        }
    }
}
