package dev.guard.auth;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Turns the per-step routes into the run's STS calls with one MFA prompt at most (DESIGN.md §1.5):
 * a single role needing MFA is assumed directly; several roles, or roles plus own-session steps,
 * share one MFA GetSessionToken session from which each role is assumed without another code.
 *
 * <p>Loops and plain {@code Optional} checks rather than streams and lambdas: every validate plans
 * credentials, and on JDK 17 each lambda call site costs ~60 µs to link the first time.
 */
final class PlanComposer {
    private final BaseIdentity base;
    private final MfaDevice device;
    private final SessionDurations durations;
    private final Optional<String> callerAccount;

    PlanComposer(BaseIdentity base, MfaDevice device, SessionDurations durations, Optional<String> callerAccount) {
        this.base = base;
        this.device = device;
        this.durations = durations;
        this.callerAccount = callerAccount;
    }

    CredentialPlan compose(List<Route> routes, boolean preferChaining) {
        Set<String> mfaRoles = new LinkedHashSet<>();
        Set<String> plainRoles = new LinkedHashSet<>();
        boolean ownSession = false;
        for (Route route : routes) {
            if (route instanceof Route.Role r) {
                (r.mfa() ? mfaRoles : plainRoles).add(r.role().format());
            }
            ownSession |= route instanceof Route.OwnSession;
        }
        plainRoles.removeAll(mfaRoles);
        boolean chain = !mfaRoles.isEmpty() && (preferChaining || mfaRoles.size() > 1 || ownSession);

        List<Acquisition> acquisitions = new ArrayList<>();
        if (chain || ownSession) {
            acquisitions.add(new Acquisition.GetSessionToken(device.serial(), durations.sessionTokenSeconds(), true));
        }
        for (String role : mfaRoles) {
            acquisitions.add(
                    chain
                            ? new Acquisition.AssumeRole(
                                    role, durations.chainedRoleSeconds(), Optional.empty(), false, true)
                            : new Acquisition.AssumeRole(role, durations.roleSeconds(), device.serial(), true, false));
        }
        for (String role : plainRoles) {
            acquisitions.add(new Acquisition.AssumeRole(role, plainRoleSeconds(), Optional.empty(), false, false));
        }

        Reasons reasons = new Reasons(callerAccount);
        List<StepCredentials> steps = new ArrayList<>(routes.size());
        for (Route route : routes) {
            steps.add(decide(route, chain, mfaRoles, reasons));
        }
        int prompts = 0;
        for (Acquisition a : acquisitions) {
            if (a.promptsForMfa()) {
                prompts++;
            }
        }
        return new CredentialPlan(steps, acquisitions, prompts, notes(routes, chain, !plainRoles.isEmpty(), prompts));
    }

    private static StepCredentials decide(Route route, boolean chain, Set<String> mfaRoles, Reasons reasons) {
        String stepId = route.step().stepId();
        if (route instanceof Route.Role r) {
            boolean withMfa = mfaRoles.contains(r.role().format());
            Strategy strategy = !withMfa
                    ? Strategy.ASSUME_ROLE
                    : chain ? Strategy.SESSION_TOKEN_THEN_ASSUME_ROLE : Strategy.ASSUME_ROLE_WITH_MFA;
            return new StepCredentials(
                    stepId, strategy, Optional.of(r.role().format()), reasons.role(r, chain, withMfa && !r.mfa()));
        }
        if (route instanceof Route.OwnSession s) {
            return new StepCredentials(
                    stepId, Strategy.SESSION_TOKEN_WITH_MFA, Optional.empty(), reasons.ownSession(s));
        }
        Route.Base b = (Route.Base) route;
        return new StepCredentials(stepId, Strategy.BASE_CREDENTIALS, Optional.empty(), reasons.base(b));
    }

    /** A role session's credentials assuming a role is role chaining too, capped at one hour. */
    private int plainRoleSeconds() {
        return base.kind() == BaseIdentity.Kind.ASSUMED_ROLE ? durations.chainedRoleSeconds() : durations.roleSeconds();
    }

    private List<String> notes(List<Route> routes, boolean chain, boolean plainRoles, int prompts) {
        List<String> notes = new ArrayList<>();
        if (base.kind() == BaseIdentity.Kind.UNKNOWN) {
            notes.add("base identity is checked at run time: guard plans as for an IAM user"
                    + (prompts > 0 ? "; root, role-session and federated credentials cannot present MFA." : "."));
        }
        List<String> ownAccountUnknown = new ArrayList<>();
        for (Route r : routes) {
            boolean asYou = r instanceof Route.Base
                    || (r instanceof Route.OwnSession s
                            && s.step().resourcePolicyBucket().isEmpty());
            if (asYou && AccountRelation.of(r.step(), callerAccount) == AccountRelation.UNKNOWN) {
                ownAccountUnknown.add(r.step().stepId());
            }
        }
        if (!ownAccountUnknown.isEmpty()) {
            boolean one = ownAccountUnknown.size() == 1;
            notes.add((one ? "step " : "steps ") + String.join(", ", ownAccountUnknown) + (one ? " acts" : " act")
                    + " as you, which works only in your own account; guard checks that at run time.");
        }
        if (prompts > 0 && device.source() == MfaDevice.Source.NONE) {
            notes.add("MFA device: discovered at run time (iam:ListMFADevices).");
        }
        OptionalLong maxAge = smallestMaxAge(routes);
        if (maxAge.isPresent()) {
            notes.add("MFA must be at most " + maxAge.getAsLong()
                    + " s old when a step starts; guard re-prompts when the cached session is older.");
        }
        if (chain) {
            notes.add("role sessions last at most " + durations.chainedRoleSeconds() + " s" + capped()
                    + " because AWS treats AssumeRole with GetSessionToken credentials as role chaining; guard"
                    + " re-derives them from the cached session without a new prompt when they expire.");
        }
        if (plainRoles && base.kind() == BaseIdentity.Kind.ASSUMED_ROLE) {
            notes.add("role sessions last at most " + durations.chainedRoleSeconds() + " s" + capped()
                    + " because your base credentials are a role session, so AWS treats AssumeRole as role"
                    + " chaining.");
        }
        return notes;
    }

    private String capped() {
        return durations.roleSeconds() > durations.chainedRoleSeconds()
                ? " (not the configured " + durations.roleSeconds() + " s)"
                : "";
    }

    private static OptionalLong smallestMaxAge(List<Route> routes) {
        OptionalLong smallest = OptionalLong.empty();
        for (Route r : routes) {
            OptionalLong age = r.step().mfaMaxAgeSeconds();
            if (r.needsMfa() && age.isPresent() && (smallest.isEmpty() || age.getAsLong() < smallest.getAsLong())) {
                smallest = age;
            }
        }
        return smallest;
    }
}
