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
        return identity(identityPolicies, List.of(), ctx);
    }

    /**
     * A role session's own permissions: its role's identity-based policies limited by the session
     * policies it was given (none given: no limit). Both must allow; an explicit Deny in either
     * denies, and the decision says which kind of policy decided.
     */
    public Decision identity(
            List<NamedPolicy> identityPolicies, List<NamedPolicy> sessionPolicies, RequestContext ctx) {
        return own(identityResult(identityPolicies, ctx), sessionResult(sessionPolicies, ctx));
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
        return authorize(identityPolicies, List.of(), resourcePolicy, resourceAccount, ctx);
    }

    /**
     * As above for a role session with session policies, as AWS's "Session policies" rule says: a
     * resource-based policy that names the session's own ARN grants past the session policies; one
     * that names the role (or "*") is limited by them, as are the identity-based policies.
     */
    public Decision authorize(
            List<NamedPolicy> identityPolicies,
            List<NamedPolicy> sessionPolicies,
            Optional<NamedPolicy> resourcePolicy,
            String resourceAccount,
            RequestContext ctx) {
        PolicySetEvaluation.Result identity = identityResult(identityPolicies, ctx);
        Optional<PolicySetEvaluation.Result> session = sessionResult(sessionPolicies, ctx);
        Optional<PolicySetEvaluation.Result> resource = resourcePolicy.map(policy -> resourceResult(policy, ctx));
        Optional<Decision> deny = explicitDeny(identity, session, resource);
        if (deny.isPresent()) {
            return deny.get();
        }
        Decision own = own(identity, session);
        boolean sameAccount = ctx.principal().accountId().equals(resourceAccount);
        boolean resourceAllows = resource.map(r -> r.decision().allowed()).orElse(false);
        if (sameAccount && resourceAllows) {
            Optional<Decision> granted = grantedByName(resource.get(), session);
            if (granted.isPresent()) {
                return granted.get();
            }
        }
        if (sameAccount && own.allowed()) {
            return own;
        }
        if (!sameAccount && own.allowed() && resourceAllows) {
            return both(own, resource.get().decision(), "cross-account");
        }
        if (sameAccount) {
            // Neither allows: the closer miss is the identity policies', else the resource policy's.
            Decision closer = own.closestMiss().isEmpty()
                            && own.kind() != Decision.PolicyKind.SESSION
                            && resource.isPresent()
                            && resource.get().decision().closestMiss().isPresent()
                    ? resource.get().decision()
                    : own;
            return implicitDeny(
                    closer,
                    own.explanation()
                            + (resourceAllows ? "; " + delegated(resource.get().decision()) : ""));
        }
        return crossAccountDeny(own, resource.map(PolicySetEvaluation.Result::decision), resourceAccount);
    }

    /**
     * AssumeRole: the role's trust policy must allow the caller, and the caller's identity-based
     * policies must allow sts:AssumeRole on the role unless the caller is in the role's account and
     * the trust policy names the caller itself (not just the account).
     */
    public Decision assumeRole(
            NamedPolicy trustPolicy, List<NamedPolicy> callerIdentityPolicies, String roleAccount, RequestContext ctx) {
        return assumeRole(trustPolicy, callerIdentityPolicies, List.of(), roleAccount, ctx);
    }

    /**
     * As above, made by a role session with session policies: its own permissions are the
     * intersection, and a trust policy naming its role (not the session) is limited by them too.
     */
    public Decision assumeRole(
            NamedPolicy trustPolicy,
            List<NamedPolicy> callerIdentityPolicies,
            List<NamedPolicy> callerSessionPolicies,
            String roleAccount,
            RequestContext ctx) {
        PolicySetEvaluation.Result trust = trustResult(trustPolicy, ctx);
        PolicySetEvaluation.Result identity = identityResult(callerIdentityPolicies, ctx);
        Optional<PolicySetEvaluation.Result> session = sessionResult(callerSessionPolicies, ctx);
        Optional<Decision> deny = explicitDeny(identity, session, Optional.of(trust));
        if (deny.isPresent()) {
            return deny.get();
        }
        if (!trust.decision().allowed()) {
            return trust.decision();
        }
        boolean sameAccount = ctx.principal().accountId().equals(roleAccount);
        if (sameAccount) {
            Optional<Decision> granted = grantedByName(trust, session);
            if (granted.isPresent()) {
                return granted.get();
            }
        }
        Decision own = own(identity, session);
        if (own.allowed()) {
            return both(own, trust.decision(), sameAccount ? "account trusted" : "cross-account");
        }
        String reason = sameAccount ? delegated(trust.decision()) : "the role is in another account";
        return implicitDeny(own, own.explanation() + " (" + reason + ")");
    }

    /**
     * A same-account resource-based allow that names the caller: naming the session's own ARN
     * grants past its session policies; naming the principal otherwise is limited by them. Empty
     * when the policy names only the account (the grant is left to the identity-based policies).
     */
    private static Optional<Decision> grantedByName(
            PolicySetEvaluation.Result resource, Optional<PolicySetEvaluation.Result> session) {
        PrincipalElement.Match to = resource.grantedTo();
        if (!to.namesPrincipal()) {
            return Optional.empty();
        }
        if (to == PrincipalElement.Match.SESSION
                || session.isEmpty()
                || session.get().decision().allowed()) {
            return Optional.of(resource.decision());
        }
        Decision limit = session.get().decision();
        return Optional.of(implicitDeny(
                limit,
                limit.explanation() + "; "
                        + resource.decision().decidingStatement().orElseThrow()
                        + " names the role, not the session, so the session policies limit it"));
    }

    /** The caller's own permissions: identity-based policies within the session policies, if any. */
    private static Decision own(PolicySetEvaluation.Result identity, Optional<PolicySetEvaluation.Result> session) {
        Decision id = identity.decision();
        if (session.isEmpty() || id.outcome() == Decision.Outcome.EXPLICIT_DENY) {
            return id;
        }
        Decision limit = session.get().decision();
        if (limit.outcome() == Decision.Outcome.EXPLICIT_DENY || (id.allowed() && !limit.allowed())) {
            return limit;
        }
        if (!id.allowed()) {
            return id;
        }
        return Decision.allow(
                id.decidingStatement().orElseThrow(),
                id.explanation() + ", within " + limit.decidingStatement().orElseThrow());
    }

    /** An implicit deny explained anew, keeping the kind and closest miss of the decision it comes from. */
    private static Decision implicitDeny(Decision like, String explanation) {
        return like.allowed() ? Decision.implicitDeny(explanation).by(like.kind()) : like.explained(explanation);
    }

    private static Optional<PolicySetEvaluation.Result> sessionResult(List<NamedPolicy> policies, RequestContext ctx) {
        if (policies.isEmpty()) {
            return Optional.empty();
        }
        for (NamedPolicy policy : policies) {
            requireKind(policy, () -> policy.document().requireIdentityPolicy());
        }
        return Optional.of(PolicySetEvaluation.session(policies, ctx));
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

    private static PolicySetEvaluation.Result trustResult(NamedPolicy policy, RequestContext ctx) {
        requireKind(policy, () -> policy.document().requireResourcePolicy());
        return PolicySetEvaluation.trust(policy, ctx);
    }

    private static void requireKind(NamedPolicy policy, Runnable check) {
        try {
            check.run();
        } catch (PolicyException e) {
            throw new PolicyException("policy " + policy.name() + ": " + e.getMessage());
        }
    }

    private static Optional<Decision> explicitDeny(
            PolicySetEvaluation.Result identity,
            Optional<PolicySetEvaluation.Result> session,
            Optional<PolicySetEvaluation.Result> resource) {
        return java.util.stream.Stream.of(Optional.of(identity), session, resource)
                .flatMap(Optional::stream)
                .map(PolicySetEvaluation.Result::decision)
                .filter(d -> d.outcome() == Decision.Outcome.EXPLICIT_DENY)
                .findFirst();
    }

    private static Decision both(Decision identity, Decision resource, String why) {
        String statement = resource.decidingStatement().orElseThrow();
        return Decision.allow(
                        statement,
                        "allowed by " + statement + " and "
                                + identity.decidingStatement().orElseThrow() + " (" + why + ")")
                .by(resource.kind());
    }

    private static String delegated(Decision resource) {
        return resource.decidingStatement().orElseThrow()
                + " trusts only the caller's account, which leaves the grant to its identity-based policies";
    }

    private static Decision crossAccountDeny(Decision identity, Optional<Decision> resource, String resourceAccount) {
        if (resource.isEmpty()) {
            return implicitDeny(
                    identity,
                    "cross-account request to account " + resourceAccount
                            + " and the resource has no resource-based policy; " + identity.explanation());
        }
        return implicitDeny(
                identity.allowed() ? resource.get() : identity,
                "cross-account request to account " + resourceAccount
                        + " needs both identity-based and resource-based allows; "
                        + (identity.allowed() ? resource.get().explanation() : identity.explanation()));
    }
}
