package dev.guard.auth;

import dev.guard.runbook.Arn;
import dev.guard.runbook.AuthMode;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Decides, for one step on its own, which kind of credentials can work (DESIGN.md §1.2, §1.3), or
 * why none can. Every problem of the step is reported, not just the first.
 *
 * <p>Loops and plain {@code Optional} checks rather than streams and lambdas: every validate plans
 * credentials, and on JDK 17 each lambda call site costs ~60 µs to link the first time.
 */
final class StepRouter {
    /** The longest aws:MultiFactorAuthAge that can matter: a 36 h GetSessionToken session. */
    static final long MAX_MFA_AGE_SECONDS = SessionDurations.MAX_SESSION_TOKEN_SECONDS;

    private final Optional<String> callerAccount;

    StepRouter(Optional<String> callerAccount) {
        this.callerAccount = callerAccount;
    }

    /** The step's route, or empty after adding its refusals to {@code refusals}. */
    Optional<Route> route(StepTarget step, List<CredentialRefusal> refusals) {
        int before = refusals.size();
        Optional<Arn> role = checkedRole(step, refusals);
        OptionalLong maxAge = step.mfaMaxAgeSeconds();
        if (maxAge.isPresent() && (maxAge.getAsLong() < 1 || maxAge.getAsLong() > MAX_MFA_AGE_SECONDS)) {
            refusals.add(CredentialRefusal.input(
                    step.stepId(),
                    "mfa.maxAgeSeconds must be between 1 and " + MAX_MFA_AGE_SECONDS + ", got " + maxAge.getAsLong()));
        }
        if (step.resourcePolicyBucket().isPresent() && !step.mfaRequired()) {
            refusals.add(CredentialRefusal.input(
                    step.stepId(),
                    "bucket " + step.resourcePolicyBucket().get() + " grants access through its bucket policy only"
                            + " with MFA, so mfa.required: false cannot work for it; remove it or set mfa.required:"
                            + " true"));
        }
        Optional<Route> route = byMode(step, role, refusals);
        return refusals.size() == before ? route : Optional.empty();
    }

    private static Optional<Arn> checkedRole(StepTarget step, List<CredentialRefusal> refusals) {
        if (step.roleArn().isEmpty()) {
            return Optional.empty();
        }
        String text = step.roleArn().get();
        Optional<Arn> role = Arn.role(text);
        if (role.isEmpty()) {
            refusals.add(CredentialRefusal.input(
                    step.stepId(), "role '" + text + "' is not an IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME)"));
        } else if (!role.get().account().equals(step.accountId())) {
            refusals.add(CredentialRefusal.input(
                    step.stepId(),
                    "role " + text + " is in account " + role.get().account() + ", but the step acts in "
                            + step.accountPhrase() + "; a role acts only in its own account, so fix the role"
                            + " or the target account"));
            return Optional.empty();
        }
        return role;
    }

    private Optional<Route> byMode(StepTarget step, Optional<Arn> role, List<CredentialRefusal> refusals) {
        boolean bucket = step.resourcePolicyBucket().isPresent();
        AccountRelation relation = AccountRelation.of(step, callerAccount);
        // A role that was set but failed its checks is still "set": do not also call it missing.
        boolean roleSet = step.roleArn().isPresent();
        AuthMode mode = step.auth();
        if (mode == AuthMode.ASSUME_ROLE && bucket) {
            refusals.add(CredentialRefusal.input(step.stepId(), assumeRoleOnBucket(step)));
            return Optional.empty();
        }
        if (bucket) {
            return Optional.of(new Route.OwnSession(step, role));
        }
        if (mode == AuthMode.SESSION_TOKEN) {
            if (relation == AccountRelation.OTHER) {
                refusals.add(CredentialRefusal.input(step.stepId(), sessionTokenElsewhere(step)));
                return Optional.empty();
            }
            return Optional.of(ownIdentity(step, role));
        }
        if (roleSet) {
            return role.isPresent()
                    ? Optional.of(new Route.Role(step, role.get(), step.mfaRequired()))
                    : Optional.empty();
        }
        if (mode == AuthMode.ASSUME_ROLE || relation == AccountRelation.OTHER) {
            refusals.add(CredentialRefusal.input(step.stepId(), missingRole(step)));
            return Optional.empty();
        }
        return Optional.of(ownIdentity(step, Optional.empty()));
    }

    private static Route ownIdentity(StepTarget step, Optional<Arn> unusedRole) {
        return step.mfaRequired() ? new Route.OwnSession(step, unusedRole) : new Route.Base(step, unusedRole);
    }

    private static String assumeRoleOnBucket(StepTarget step) {
        return "auth: assume-role cannot work for bucket "
                + step.resourcePolicyBucket().orElseThrow()
                + ": its bucket policy requires MFA, and role credentials carry no MFA context even when the"
                + " role was assumed with MFA; use auth: auto or auth: session-token";
    }

    private String sessionTokenElsewhere(StepTarget step) {
        return "auth: session-token cannot act in " + step.accountPhrase() + ": GetSessionToken credentials act as"
                + " you in your own account (" + callerAccount.orElseThrow() + ") and reach another account only"
                + " through a resource policy that trusts you; use auth: auto or auth: assume-role with a role";
    }

    private static String missingRole(StepTarget step) {
        String why = step.auth() == AuthMode.ASSUME_ROLE
                ? "auth: assume-role needs a role in " + step.accountPhrase()
                : step.accountPhrase() + " is another account and no role is set for it";
        return why + ": set target.role or a default role for account " + step.accountLabel() + " in config";
    }
}
