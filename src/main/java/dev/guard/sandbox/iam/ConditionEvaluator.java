package dev.guard.sandbox.iam;

import java.util.List;
import java.util.Optional;

/** Decides a statement's Condition block against a request, with AWS's rules for absent keys and sets. */
final class ConditionEvaluator {
    private ConditionEvaluator() {}

    /** A failed condition described for an explanation. */
    static String explain(FailedCondition f) {
        return "condition " + new Condition(f.operator(), f.key(), f.expected()) + " not met (request: "
                + (f.actual().isEmpty() ? "absent" : String.join(",", f.actual())) + ")";
    }

    /** The first condition that does not hold, with the policy's and the request's values; empty when all hold. */
    static Optional<FailedCondition> firstFailed(List<Condition> conditions, RequestContext ctx, boolean variables) {
        for (Condition condition : conditions) {
            if (!holds(condition, ctx, variables)) {
                return Optional.of(new FailedCondition(
                        condition.operator(), condition.key(), condition.values(), ctx.values(condition.key())));
            }
        }
        return Optional.empty();
    }

    static boolean holds(Condition condition, RequestContext ctx, boolean variables) {
        List<String> requestValues = ctx.values(condition.key());
        ConditionOperator operator = condition.base();
        if (operator == ConditionOperator.NULL) {
            boolean absent = requestValues.isEmpty();
            return condition.values().stream().anyMatch(v -> Boolean.parseBoolean(v) == absent);
        }
        if (requestValues.isEmpty()) {
            if (condition.ifExists()) {
                return true;
            }
            return switch (condition.qualifier()) {
                case FOR_ALL_VALUES -> true; // vacuously: every one of no values matches
                case FOR_ANY_VALUE -> false;
                case NONE -> operator.negated(); // "not equal to" holds when there is nothing to compare
            };
        }
        List<String> policyValues = resolved(condition, ctx, variables);
        return switch (condition.qualifier()) {
            case FOR_ALL_VALUES -> requestValues.stream().allMatch(v -> valueHolds(operator, v, policyValues));
            case FOR_ANY_VALUE -> requestValues.stream().anyMatch(v -> valueHolds(operator, v, policyValues));
            case NONE ->
                operator.negated()
                        ? requestValues.stream().allMatch(v -> valueHolds(operator, v, policyValues))
                        : requestValues.stream().anyMatch(v -> valueHolds(operator, v, policyValues));
        };
    }

    private static boolean valueHolds(ConditionOperator operator, String requestValue, List<String> policyValues) {
        boolean anyMatches =
                policyValues.stream().anyMatch(p -> operator.comparison().test(requestValue, p));
        return operator.negated() != anyMatches;
    }

    private static List<String> resolved(Condition condition, RequestContext ctx, boolean variables) {
        ValueComparison comparison = condition.base().comparison();
        boolean takesVariables = comparison == ValueComparison.STRING_EQUALS
                || comparison == ValueComparison.STRING_EQUALS_IGNORE_CASE
                || comparison == ValueComparison.STRING_LIKE
                || comparison == ValueComparison.ARN_LIKE;
        if (!variables || !takesVariables) {
            return condition.values();
        }
        return condition.values().stream()
                .flatMap(v -> PolicyVariables.resolve(v, ctx).stream())
                .toList();
    }
}
