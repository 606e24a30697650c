package dev.guard.auth;

import dev.guard.runbook.Arn;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The credential decision for the unattended runner's own identity (DESIGN.md §7): base
 * credentials from the SDK default chain (keys, instance profile, task role, IRSA, CI OIDC), no
 * MFA device and never a code. A step in another account assumes that account's runner role
 * without MFA; a step in the runner's own account acts with the base credentials. Pure, like
 * {@link CredentialPlanner}; whether the plan was approved is the caller's to check, since only
 * approvals stand in for the MFA this mode never presents.
 */
final class RunnerPlanner {
    /** Why the runner may act at all: the reason every step's sentence starts with. */
    static final String WHY = "the runner's own identity; approvals took the place of MFA";

    private final Optional<String> runnerAccount;
    private final Map<String, String> runnerRoles;

    /**
     * @param runnerAccount the runner's own account, once GetCallerIdentity said it
     * @param runnerRoles the configured runner role ARN by account id
     */
    RunnerPlanner(Optional<String> runnerAccount, Map<String, String> runnerRoles) {
        this.runnerAccount = runnerAccount;
        this.runnerRoles = Map.copyOf(runnerRoles);
    }

    Decision plan(List<StepTarget> steps, BaseIdentity base, SessionDurations durations) {
        List<CredentialRefusal> refusals = new ArrayList<>();
        List<Route> routes = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (StepTarget step : steps) {
            if (!seen.add(step.stepId())) {
                refusals.add(CredentialRefusal.input(step.stepId(), "step id " + step.stepId() + " is used twice"));
            }
            route(step, refusals).ifPresent(routes::add);
        }
        // Root cannot assume roles, a federated session cannot either; no route here needs MFA.
        refusals.addAll(IdentityCheck.check(routes, base, MfaDevice.discoveredAtRunTime()));
        if (!refusals.isEmpty()) {
            return new Decision.Refused(refusals);
        }
        return new Decision.Planned(compose(routes, base, durations));
    }

    private Optional<Route> route(StepTarget step, List<CredentialRefusal> refusals) {
        if (step.resourcePolicyBucket().isPresent()) {
            refusals.add(CredentialRefusal.authentication(
                    step.stepId(),
                    "bucket " + step.resourcePolicyBucket().get() + " in " + step.accountPhrase()
                            + " grants access through its bucket policy only with MFA, which the runner's own"
                            + " identity never presents; run this runbook in a window primed by guard login instead"));
            return Optional.empty();
        }
        AccountRelation relation = AccountRelation.of(step, runnerAccount);
        if (relation == AccountRelation.OWN) {
            return Optional.of(new Route.Base(step, Optional.empty()));
        }
        Optional<String> configured = Optional.ofNullable(runnerRoles.get(step.accountId()));
        if (configured.isEmpty()) {
            if (relation == AccountRelation.UNKNOWN) {
                // Offline the runner's account is not known: acting as itself works only there.
                return Optional.of(new Route.Base(step, Optional.empty()));
            }
            refusals.add(CredentialRefusal.input(step.stepId(), missingRole(step)));
            return Optional.empty();
        }
        Optional<Arn> role = Arn.role(configured.get());
        if (role.isEmpty() || !role.get().account().equals(step.accountId())) {
            refusals.add(CredentialRefusal.input(
                    step.stepId(),
                    "runner role " + configured.get() + " is not an IAM role in " + step.accountPhrase() + "; fix "
                            + roleKey(step) + " in the config"));
            return Optional.empty();
        }
        return Optional.of(new Route.Role(step, role.get(), false));
    }

    private String missingRole(StepTarget step) {
        return step.accountPhrase() + " is not the runner's own account (" + runnerAccount.orElseThrow()
                + ") and no runner role is set for it: set " + roleKey(step)
                + " in the config to the role the runner assumes there without MFA (e.g. GuardRunnerRole)";
    }

    /** The config key that names the step's runner role: the account's, or the default for all. */
    private static String roleKey(StepTarget step) {
        return step.accountLabel().equals(step.accountId())
                ? "defaults.runnerRole"
                : "accounts." + step.accountLabel() + ".runnerRole (or defaults.runnerRole)";
    }

    private CredentialPlan compose(List<Route> routes, BaseIdentity base, SessionDurations durations) {
        // A role session assuming a role is role chaining, which AWS caps at one hour.
        int seconds = base.kind() == BaseIdentity.Kind.ASSUMED_ROLE
                ? durations.chainedRoleSeconds()
                : durations.roleSeconds();
        Set<String> roles = new LinkedHashSet<>();
        List<StepCredentials> steps = new ArrayList<>();
        boolean unknownBase = false;
        for (Route route : routes) {
            StepTarget step = route.step();
            if (route instanceof Route.Role r) {
                roles.add(r.role().format());
                steps.add(new StepCredentials(
                        step.stepId(),
                        Strategy.ASSUME_ROLE,
                        Optional.of(r.role().format()),
                        roleReason(r)));
            } else {
                unknownBase |= AccountRelation.of(step, runnerAccount) == AccountRelation.UNKNOWN;
                steps.add(new StepCredentials(
                        step.stepId(), Strategy.BASE_CREDENTIALS, Optional.empty(), baseReason(step)));
            }
        }
        List<Acquisition> acquisitions = roles.stream()
                .<Acquisition>map(r -> new Acquisition.AssumeRole(r, seconds, Optional.empty(), false, false))
                .toList();
        List<String> notes = new ArrayList<>();
        notes.add("unattended runner: guard acts with the runner's own credentials (the SDK's default chain) and"
                + " never asks for an MFA code; only an approved plan may run this way.");
        if (unknownBase) {
            notes.add("a step without a runner role acts as the runner itself, which works only in the runner's"
                    + " own account; guard checks that at run time.");
        }
        if (!roles.isEmpty() && base.kind() == BaseIdentity.Kind.ASSUMED_ROLE) {
            notes.add("role sessions last at most " + seconds + " s because the runner's credentials are a role"
                    + " session, so AWS treats AssumeRole as role chaining.");
        }
        return new CredentialPlan(steps, acquisitions, 0, notes);
    }

    private String roleReason(Route.Role route) {
        StepTarget step = route.step();
        String where = AccountRelation.of(step, runnerAccount) == AccountRelation.OTHER
                ? step.accountPhrase() + " is another account than the runner's"
                : "the step acts in " + step.accountPhrase();
        String instead = step.roleArn()
                .filter(r -> !r.equals(route.role().format()))
                .map(r -> " (instead of " + r.substring(r.lastIndexOf('/') + 1) + ", the operators' role)")
                .orElse("");
        return WHY + ": " + where + ", so guard assumes its runner role "
                + route.role().resourceName() + " without MFA" + instead + ".";
    }

    private String baseReason(StepTarget step) {
        if (AccountRelation.of(step, runnerAccount) == AccountRelation.OWN) {
            return WHY + ": " + step.accountPhrase() + " is the runner's own account, so guard acts with the"
                    + " runner's base credentials.";
        }
        return WHY + ": no runner role is set for " + step.accountPhrase() + ", so guard acts with the runner's"
                + " base credentials, which works only if it is the runner's own account (checked at run time).";
    }
}
