package dev.guard.auth;

import java.util.Optional;

/**
 * The one-sentence reason shown for each step's credentials. Every sentence names the account
 * (label and id) and the role and/or bucket it is about.
 *
 * <p>No {@code Optional} chains: every validate explains its plan, and on JDK 17 each lambda call
 * site costs ~60 µs to link the first time.
 */
final class Reasons {
    private final Optional<String> callerAccount;

    Reasons(Optional<String> callerAccount) {
        this.callerAccount = callerAccount;
    }

    /**
     * @param chained the role is assumed with the run's MFA GetSessionToken session
     * @param sharedMfaSession a step without MFA reuses the MFA session other steps assume
     */
    String role(Route.Role route, boolean chained, boolean sharedMfaSession) {
        StepTarget step = route.step();
        String role = route.role().resourceName();
        String where = switch (AccountRelation.of(step, callerAccount)) {
            case OTHER -> step.accountPhrase() + " is another account; ";
            case OWN -> step.accountPhrase() + " is your own account, but the step names a role; ";
            case UNKNOWN -> "the step acts in " + step.accountPhrase() + " through a role; ";
        };
        String how = chained
                ? "with your GetSessionToken(MFA) session, whose MFA context the trust policy accepts without a"
                        + " second code"
                : "with your MFA code";
        if (route.mfa()) {
            return where + role + "'s trust policy requires MFA, so guard assumes it " + how + ".";
        }
        if (sharedMfaSession) {
            return where + "mfa.required is false for this step, but guard assumes " + role + " " + how
                    + " for other steps and reuses that session.";
        }
        return where + "mfa.required is false, so guard assumes " + role + " without MFA.";
    }

    String ownSession(Route.OwnSession route) {
        StepTarget step = route.step();
        String instead = route.unusedRole().isPresent()
                ? " instead of " + route.unusedRole().get().resourceName()
                : "";
        if (step.resourcePolicyBucket().isPresent()) {
            return "bucket " + step.resourcePolicyBucket().get() + " in " + step.accountPhrase()
                    + " grants access through its bucket policy only with MFA; role credentials carry no MFA"
                    + " context, so guard uses your own GetSessionToken(MFA) session" + instead + ".";
        }
        String asked = route.unusedRole().isPresent() ? ", as auth: session-token asks" : "";
        if (AccountRelation.of(step, callerAccount) == AccountRelation.OWN) {
            return step.accountPhrase() + " is your own account, so guard acts as you through GetSessionToken"
                    + " with MFA" + instead + asked + ", and those credentials carry the MFA context your"
                    + " policies check.";
        }
        return "guard acts as you in " + step.accountPhrase() + " through GetSessionToken with MFA" + instead + asked
                + ", which works only if it is your own account (checked at run time).";
    }

    String base(Route.Base route) {
        StepTarget step = route.step();
        String instead = route.unusedRole().isPresent()
                ? " instead of " + route.unusedRole().get().resourceName() + ", as auth: session-token asks"
                : "";
        if (AccountRelation.of(step, callerAccount) == AccountRelation.OWN) {
            return step.accountPhrase() + " is your own account and mfa.required is false, so guard uses your"
                    + " base credentials as they are" + instead + ".";
        }
        return "mfa.required is false, so guard uses your base credentials in " + step.accountPhrase() + instead
                + ", which works only if it is your own account (checked at run time).";
    }
}
