package dev.guard.sandbox.iam;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * IAM's policy evaluation logic for the sandbox: identity-based policies, resource-based policies
 * (bucket policies), role trust policies, and how they combine within and across accounts. Policies
 * of the wrong kind (a Principal in an identity-based policy, none in a resource-based one) are
 * refused with a {@link PolicyException}.
 */
public final class PolicyEvaluator {

    /** Identity-based policies of the principal (user + its groups, or the role). */
    public Decision identity(List<NamedPolicy> identityPolicies, RequestContext ctx) {
        return identityResult(identityPolicies, ctx).decision();
    }

    /**
     * The condition keys that statements applying to this action and resource test but the request
     * does not carry, in first-use order: IAM's policy simulator reports them as MissingContextValues.
     */
    public List<String> missingContextKeys(List<NamedPolicy> identityPolicies, RequestContext ctx) {
        Set<String> missing = new LinkedHashSet<>();
        for (NamedPolicy policy : identityPolicies) {
            boolean variables = policy.document().hasPolicyVariables();
            for (Statement s : policy.document().statements()) {
                if (s.action().matches(ctx.action())
                        && s.resource().map(r -> r.matches(ctx, variables)).orElse(true)) {
                    s.conditions().stream()
                            .map(Condition::key)
                            .filter(k -> !ctx.conditionKeys().containsKey(k))
                            .forEach(missing::add);
                }
            }
        }
        return List.copyOf(missing);
    }

    /** A resource-based policy (bucket policy) alone: statements apply when their Principal matches the caller. */
    public Decision resource(NamedPolicy resourcePolicy, RequestContext ctx) {
        return resourceResult(resourcePolicy, ctx).decision();
    }

    /**
     * The full decision for a request on a resource owned by {@code resourceAccount}. An explicit deny
     * anywhere wins. In the same account, an allow in the identity-based policies suffices, and so
     * does an allow in the resource-based policy that names the caller (its ARN, its role, or "*");
     * one that names only the caller's account delegates to the identity-based policies, as AWS
     * does. Across accounts both must allow; without a resource-based policy that is a deny.
     */
    public Decision authorize(
            List<NamedPolicy> identityPolicies,
            Optional<NamedPolicy> resourcePolicy,
            String resourceAccount,
            RequestContext ctx) {
        PolicySetEvaluation.Result identity = identityResult(identityPolicies, ctx);
        Optional<PolicySetEvaluation.Result> resource = resourcePolicy.map(policy -> resourceResult(policy, ctx));
        Optional<Decision> deny = explicitDeny(identity, resource);
        if (deny.isPresent()) {
            return deny.get();
        }
        boolean sameAccount = ctx.principal().accountId().equals(resourceAccount);
        boolean resourceAllows = resource.map(r -> r.decision().allowed()).orElse(false);
        if (sameAccount && resourceAllows && resource.get().grantedTo() == PrincipalElement.Match.NAMED) {
            return resource.get().decision();
        }
        if (sameAccount && identity.decision().allowed()) {
            return identity.decision();
        }
        if (!sameAccount && identity.decision().allowed() && resourceAllows) {
            return both(identity.decision(), resource.get().decision(), "cross-account");
        }
        if (sameAccount) {
            return Decision.implicitDeny(identity.decision().explanation()
                    + (resourceAllows ? "; " + delegated(resource.get().decision()) : ""));
        }
        return crossAccountDeny(
                identity.decision(), resource.map(PolicySetEvaluation.Result::decision), resourceAccount);
    }

    /**
     * AssumeRole: the role's trust policy must allow the caller, and the caller's identity-based
     * policies must allow sts:AssumeRole on the role unless the caller is in the role's account and
     * the trust policy names the caller itself (not just the account).
     */
    public Decision assumeRole(
            NamedPolicy trustPolicy, List<NamedPolicy> callerIdentityPolicies, String roleAccount, RequestContext ctx) {
        PolicySetEvaluation.Result trust = resourceResult(trustPolicy, ctx);
        PolicySetEvaluation.Result identity = identityResult(callerIdentityPolicies, ctx);
        Optional<Decision> deny = explicitDeny(identity, Optional.of(trust));
        if (deny.isPresent()) {
            return deny.get();
        }
        if (!trust.decision().allowed()) {
            return trust.decision();
        }
        boolean sameAccount = ctx.principal().accountId().equals(roleAccount);
        if (sameAccount && trust.grantedTo() == PrincipalElement.Match.NAMED) {
            return trust.decision();
        }
        if (identity.decision().allowed()) {
            return both(identity.decision(), trust.decision(), sameAccount ? "account trusted" : "cross-account");
        }
        String reason = sameAccount ? delegated(trust.decision()) : "the role is in another account";
        return Decision.implicitDeny(identity.decision().explanation() + " (" + reason + ")");
    }

    private static PolicySetEvaluation.Result identityResult(List<NamedPolicy> policies, RequestContext ctx) {
        for (NamedPolicy policy : policies) {
            requireKind(policy, () -> policy.document().requireIdentityPolicy());
        }
        return PolicySetEvaluation.identity(policies, ctx);
    }

    private static PolicySetEvaluation.Result resourceResult(NamedPolicy policy, RequestContext ctx) {
        requireKind(policy, () -> policy.document().requireResourcePolicy());
        return PolicySetEvaluation.resource(policy, ctx);
    }

    private static void requireKind(NamedPolicy policy, Runnable check) {
        try {
            check.run();
        } catch (PolicyException e) {
            throw new PolicyException("policy " + policy.name() + ": " + e.getMessage());
        }
    }

    private static Optional<Decision> explicitDeny(
            PolicySetEvaluation.Result identity, Optional<PolicySetEvaluation.Result> resource) {
        if (identity.decision().outcome() == Decision.Outcome.EXPLICIT_DENY) {
            return Optional.of(identity.decision());
        }
        return resource.map(PolicySetEvaluation.Result::decision)
                .filter(d -> d.outcome() == Decision.Outcome.EXPLICIT_DENY);
    }

    private static Decision both(Decision identity, Decision resource, String why) {
        String statement = resource.decidingStatement().orElseThrow();
        return Decision.allow(
                statement,
                "allowed by " + statement + " and "
                        + identity.decidingStatement().orElseThrow() + " (" + why + ")");
    }

    private static String delegated(Decision resource) {
        return resource.decidingStatement().orElseThrow()
                + " trusts only the caller's account, which leaves the grant to its identity-based policies";
    }

    private static Decision crossAccountDeny(Decision identity, Optional<Decision> resource, String resourceAccount) {
        if (resource.isEmpty()) {
            return Decision.implicitDeny("cross-account request to account " + resourceAccount
                    + " and the resource has no resource-based policy; " + identity.explanation());
        }
        return Decision.implicitDeny("cross-account request to account " + resourceAccount
                + " needs both identity-based and resource-based allows; "
                + (identity.allowed() ? resource.get().explanation() : identity.explanation()));
    }
}
