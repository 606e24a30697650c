package dev.guard.auth;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Decides how guard obtains credentials for every step of a run, and why (DESIGN.md §1). Pure: no
 * AWS calls, no I/O, so every rule is tested exhaustively and the same decision can be shown in a
 * plan before anything is sent.
 *
 * <p>Per step: a role in the target account is assumed with MFA (its trust policy checks it); a
 * bucket whose policy requires MFA, and MFA-conditioned APIs in the caller's own account, need the
 * caller's own GetSessionToken(MFA) session, because role credentials carry no MFA context. For
 * the run: at most one MFA prompt, chaining roles from one GetSessionToken session when one
 * direct AssumeRole cannot serve every step.
 *
 * <p>No lambdas on the planning path: every validate plans credentials, and on JDK 17 each lambda
 * call site costs ~60 µs to link the first time.
 */
public final class CredentialPlanner {
    private CredentialPlanner() {}

    /** Plans a single run: one direct AssumeRole(MFA) when that is all the run needs. */
    public static Decision plan(
            List<StepTarget> steps, BaseIdentity base, MfaDevice device, SessionDurations durations) {
        return plan(steps, base, device, durations, false);
    }

    /**
     * @param preferChaining always use GetSessionToken(MFA) then AssumeRole when any step needs MFA,
     *     even for a single role, so one prompt covers a whole maintenance window ({@code guard
     *     shell}, {@code guard login})
     */
    public static Decision plan(
            List<StepTarget> steps,
            BaseIdentity base,
            MfaDevice device,
            SessionDurations durations,
            boolean preferChaining) {
        Objects.requireNonNull(steps, "steps");
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(durations, "durations");
        // Offline, the MFA device ARN from config is the best evidence of the caller's account.
        Optional<String> callerAccount = base.accountId().isPresent() ? base.accountId() : device.accountId();

        List<CredentialRefusal> refusals = new ArrayList<>();
        List<Route> routes = new ArrayList<>();
        StepRouter router = new StepRouter(callerAccount);
        Set<String> seen = new HashSet<>();
        for (StepTarget step : steps) {
            if (!seen.add(step.stepId())) {
                refusals.add(CredentialRefusal.input(step.stepId(), "step id " + step.stepId() + " is used twice"));
            }
            Optional<Route> route = router.route(step, refusals);
            if (route.isPresent()) {
                routes.add(route.get());
            }
        }
        refusals.addAll(IdentityCheck.check(routes, base, device));
        if (!refusals.isEmpty()) {
            return new Decision.Refused(refusals);
        }
        return new Decision.Planned(
                new PlanComposer(base, device, durations, callerAccount).compose(routes, preferChaining));
    }

    /**
     * Plans a run with the unattended runner's own identity (DESIGN.md §7): no MFA, no code. A step
     * in another account assumes its runner role; one in the runner's own account uses the base
     * credentials; a bucket whose policy demands MFA is refused. Only for an approved plan: the
     * caller checks that.
     *
     * @param base the runner as GetCallerIdentity named it ({@link BaseIdentity#unknown()} offline)
     * @param runnerRoles the configured runner role ARN of each account, by account id
     */
    public static Decision planForRunner(
            List<StepTarget> steps, BaseIdentity base, Map<String, String> runnerRoles, SessionDurations durations) {
        Objects.requireNonNull(steps, "steps");
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(runnerRoles, "runnerRoles");
        Objects.requireNonNull(durations, "durations");
        return new RunnerPlanner(base.accountId(), runnerRoles).plan(steps, base, durations);
    }
}
