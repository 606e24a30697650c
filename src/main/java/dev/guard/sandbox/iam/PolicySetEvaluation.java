package dev.guard.sandbox.iam;

import java.util.List;
import java.util.Optional;

/**
 * Evaluates a set of policies of one kind for one request: an explicit Deny in any statement that
 * applies wins, else an Allow, else the request is implicitly denied. Remembers the closest miss
 * (a statement whose only failing part was its condition) to explain an implicit deny.
 */
final class PolicySetEvaluation {
    /** The decision, and for an allow how the principal was matched (identity policies: NAMED). */
    record Result(Decision decision, PrincipalElement.Match grantedTo) {}

    private final RequestContext ctx;
    private final boolean checkPrincipal;
    private final Decision.PolicyKind kind;
    private String allowedBy;
    private PrincipalElement.Match allowedTo = PrincipalElement.Match.NONE;
    private String closestMiss;
    private String closestMissLabel;
    private FailedCondition closestMissCondition;
    private boolean closestMissAllows;

    private PolicySetEvaluation(RequestContext ctx, boolean checkPrincipal, Decision.PolicyKind kind) {
        this.ctx = ctx;
        this.checkPrincipal = checkPrincipal;
        this.kind = kind;
    }

    /** Identity-based policies: their statements apply to the principal they are attached to. */
    static Result identity(List<NamedPolicy> policies, RequestContext ctx) {
        return new PolicySetEvaluation(ctx, false, Decision.PolicyKind.IDENTITY)
                .run(policies, "identity-based policies");
    }

    /** A session's session policies (AssumeRole's Policy and PolicyArns): identity-based in grammar and reach. */
    static Result session(List<NamedPolicy> policies, RequestContext ctx) {
        return new PolicySetEvaluation(ctx, false, Decision.PolicyKind.SESSION).run(policies, "the session policies");
    }

    /** A resource-based policy: a statement applies when its Principal matches the caller. */
    static Result resource(NamedPolicy policy, RequestContext ctx) {
        return new PolicySetEvaluation(ctx, true, Decision.PolicyKind.RESOURCE)
                .run(List.of(policy), "policy " + policy.name());
    }

    /** A role's trust policy: resource-based in grammar, named apart in the journal. */
    static Result trust(NamedPolicy policy, RequestContext ctx) {
        return new PolicySetEvaluation(ctx, true, Decision.PolicyKind.TRUST)
                .run(List.of(policy), "policy " + policy.name());
    }

    private Result run(List<NamedPolicy> policies, String source) {
        for (NamedPolicy policy : policies) {
            List<Statement> statements = policy.document().statements();
            for (int i = 0; i < statements.size(); i++) {
                Optional<Result> deny = consider(policy, i, statements.get(i));
                if (deny.isPresent()) {
                    return deny.get();
                }
            }
        }
        if (allowedBy != null) {
            return new Result(
                    Decision.allow(allowedBy, "allowed by " + allowedBy + " for " + request())
                            .by(kind),
                    allowedTo);
        }
        String why = closestMiss != null ? "; closest: " + closestMiss : "";
        Decision deny = Decision.implicitDeny("no statement in " + source + " allows " + request() + why)
                .by(kind);
        return new Result(
                closestMiss == null ? deny : deny.missing(closestMissLabel, closestMissCondition),
                PrincipalElement.Match.NONE);
    }

    private Optional<Result> consider(NamedPolicy policy, int index, Statement statement) {
        PrincipalElement.Match principal = PrincipalElement.Match.NAMED;
        if (checkPrincipal) {
            principal = statement.principal().map(p -> p.match(ctx.principal())).orElse(PrincipalElement.Match.NONE);
        }
        boolean variables = policy.document().hasPolicyVariables();
        if (principal == PrincipalElement.Match.NONE
                || !statement.action().matches(ctx.action())
                || !statement.resource().map(r -> r.matches(ctx, variables)).orElse(true)) {
            return Optional.empty();
        }
        String label = label(policy, index, statement);
        Optional<FailedCondition> failure = ConditionEvaluator.firstFailed(statement.conditions(), ctx, variables);
        if (failure.isPresent()) {
            boolean allows = statement.effect() == Statement.Effect.ALLOW;
            if (closestMiss == null || (allows && !closestMissAllows)) {
                closestMiss = statement.effect().awsName() + " " + label + " whose "
                        + ConditionEvaluator.explain(failure.get());
                closestMissLabel = label;
                closestMissCondition = failure.get();
                closestMissAllows = allows;
            }
            return Optional.empty();
        }
        if (statement.effect() == Statement.Effect.DENY) {
            return Optional.of(new Result(
                    Decision.explicitDeny(label, "explicitly denied by " + label + " for " + request())
                            .by(kind),
                    PrincipalElement.Match.NONE));
        }
        if (allowedBy == null || principal.compareTo(allowedTo) > 0) {
            allowedBy = label;
            allowedTo = principal;
        }
        return Optional.empty();
    }

    private String request() {
        return ctx.action() + " on " + ctx.resource() + " by " + ctx.principal().arn();
    }

    static String label(NamedPolicy policy, int index, Statement statement) {
        return policy.name() + "#" + statement.sid().orElse("statement[" + index + "]");
    }
}
