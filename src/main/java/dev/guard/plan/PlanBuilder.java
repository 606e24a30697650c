package dev.guard.plan;

import dev.guard.action.Action;
import dev.guard.action.ActionRegistry;
import dev.guard.action.InBucket;
import dev.guard.action.InputContext;
import dev.guard.action.LocalFiles;
import dev.guard.action.StepInputs;
import dev.guard.auth.BaseIdentity;
import dev.guard.auth.CredentialPlan;
import dev.guard.auth.CredentialPlanner;
import dev.guard.auth.CredentialRefusal;
import dev.guard.auth.Decision;
import dev.guard.auth.MfaDevice;
import dev.guard.auth.SessionDurations;
import dev.guard.auth.StepTarget;
import dev.guard.config.Account;
import dev.guard.config.BucketAccess;
import dev.guard.config.Environment;
import dev.guard.config.GuardConfig;
import dev.guard.error.ProblemsException;
import dev.guard.runbook.AwsIdentifiers;
import dev.guard.runbook.AwsRegions;
import dev.guard.runbook.Confirm;
import dev.guard.runbook.Runbook;
import dev.guard.runbook.Step;
import dev.guard.runbook.TargetSpec;
import dev.guard.yaml.Fields;
import dev.guard.yaml.MapNode;
import dev.guard.yaml.Position;
import dev.guard.yaml.Problems;
import dev.guard.yaml.Scalar;
import dev.guard.yaml.Templates;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds a {@link Plan} offline from a valid runbook and its parameter values. Values that came
 * from parameters are checked again here, now that they are known, and problems point at the line
 * that used the parameter. The credential decision is {@link CredentialPlanner}'s.
 */
public final class PlanBuilder {
    private final ActionRegistry actions;
    private final GuardConfig config;
    private final Environment env;
    private final LocalFiles files;

    public PlanBuilder(ActionRegistry actions, GuardConfig config, Environment env) {
        this(actions, config, env, LocalFiles.runbookDirectoryOnly(env));
    }

    /** @param files the local files a runbook may upload */
    public PlanBuilder(ActionRegistry actions, GuardConfig config, Environment env, LocalFiles files) {
        this.actions = actions;
        this.config = config;
        this.env = env;
        this.files = files;
    }

    public Plan build(Runbook runbook, Path shownAs, Map<String, String> parameters) {
        Problems problems = new Problems(shownAs);
        InputContext context =
                new InputContext(runbook.source().toAbsolutePath().getParent(), files);
        List<PlannedStep> steps = new ArrayList<>();
        for (int i = 0; i < runbook.steps().size(); i++) {
            plan(runbook, i, parameters, context, problems).ifPresent(steps::add);
        }
        if (!problems.isEmpty()) {
            throw ProblemsException.of(problems);
        }
        MfaDevice device = configuredDevice();
        CredentialPlan credentials = credentials(runbook, shownAs, steps, baseIdentity(), device, false);
        List<String> warnings = new ArrayList<>();
        List<String> missing = runbook.parameters().stream()
                .filter(p -> !parameters.containsKey(p.name()))
                .map(p -> p.name())
                .toList();
        for (String name : missing) {
            warnings.add("incomplete plan: parameter " + name + " was not given, so ${" + name + "} is shown as it is;"
                    + " guard run asks for it on a terminal, or pass -p " + name + "=VALUE");
        }
        if (!runbook.mfa().required()) {
            warnings.add("mfa.required is false: steps run with credentials that carry no MFA");
        }
        steps.forEach(s -> s.warnings().forEach(w -> warnings.add(s.step().id() + ": " + w)));
        return new Plan(runbook, shownAs, parameters, missing, steps, credentials, device, warnings);
    }

    /**
     * The same plan decided again for the caller as AWS identified them (GetCallerIdentity) and the
     * MFA device found for them: a root or federated caller is refused here, before any prompt.
     *
     * @param preferChaining route every MFA role through one GetSessionToken(MFA) session, which
     *     the session cache keeps for later runs
     */
    public Plan forCaller(Plan plan, BaseIdentity base, MfaDevice device, boolean preferChaining) {
        return plan.withCredentials(
                credentials(plan.runbook(), plan.shownAs(), plan.steps(), base, device, preferChaining), device);
    }

    /**
     * The same plan decided for the unattended runner's own identity (DESIGN.md §7): every step in
     * another account through its runner role without MFA, every step in the runner's own account
     * with the base credentials, no MFA code. Offline ({@link BaseIdentity#unknown()}) the runner's
     * account is not known yet. Whether the plan may run this way (its approvals) is the caller's
     * to check.
     *
     * @throws ProblemsException exit 2 when a step in another account has no runner role (naming the
     *     config key), exit 4 when the runner cannot act for it (an MFA bucket policy, root)
     */
    public Plan forRunner(Plan plan, BaseIdentity runner) {
        Map<String, String> runnerRoles = new java.util.HashMap<>();
        for (PlannedStep step : plan.steps()) {
            config.runnerRole(step.account())
                    .ifPresent(r -> runnerRoles.put(
                            step.account().id(),
                            AwsIdentifiers.roleArn(step.account().id(), r)));
        }
        Decision decision = CredentialPlanner.planForRunner(
                plan.steps().stream().map(s -> stepTarget(plan.runbook(), s)).toList(),
                runner,
                runnerRoles,
                durations());
        return plan.withCredentials(planned(plan.runbook(), plan.shownAs(), decision), plan.mfaDevice());
    }

    private SessionDurations durations() {
        return new SessionDurations(
                config.sessions().sessionTokenSeconds(), config.sessions().roleSeconds());
    }

    private CredentialPlan credentials(
            Runbook runbook,
            Path shownAs,
            List<PlannedStep> steps,
            BaseIdentity base,
            MfaDevice device,
            boolean preferChaining) {
        Decision decision = CredentialPlanner.plan(
                steps.stream().map(s -> stepTarget(runbook, s)).toList(), base, device, durations(), preferChaining);
        return planned(runbook, shownAs, decision);
    }

    /** The plan decided, or every refusal as a problem at its step, with the decision's exit code. */
    private static CredentialPlan planned(Runbook runbook, Path shownAs, Decision decision) {
        if (decision instanceof Decision.Refused refused) {
            throw new ProblemsException(
                    refused.exitCode(),
                    refused.refusals().stream()
                            .map(r -> located(runbook, shownAs, r))
                            .toList());
        }
        return decision.planOrThrow();
    }

    /** "prod", "production", "eu-prod": a word of the alias, not any substring ("nonprod" is not). */
    static boolean isProduction(String alias) {
        for (String word : alias.split("-")) {
            if (word.equals("prod") || word.equals("production") || word.equals("prd")) {
                return true;
            }
        }
        return false;
    }

    /** A refusal as a problem line at the step it concerns. */
    private static String located(Runbook runbook, Path shownAs, CredentialRefusal refusal) {
        Problems one = new Problems(shownAs);
        add(one, runbook, refusal);
        return one.sorted().get(0).toString();
    }

    private static void add(Problems problems, Runbook runbook, CredentialRefusal refusal) {
        for (int i = 0; i < runbook.steps().size(); i++) {
            Step step = runbook.steps().get(i);
            if (step.id().equals(refusal.stepId())) {
                Position at = step.auth().isPresent() ? step.positionOf("auth") : step.position();
                problems.add(at, "steps[" + i + "] (" + step.id() + "): " + refusal.message());
                return;
            }
        }
        problems.addFileLevel(refusal.message());
    }

    /**
     * What {@code plan} would refuse about this runbook's credentials (an {@code auth:
     * assume-role} step on an MFA bucket, a session token for another account, ...), for {@code
     * validate}: the same check with the same words. Steps whose target needs a parameter value
     * are left to {@code plan}, which knows the value.
     */
    public Problems credentialProblems(Runbook runbook, Path shownAs) {
        Problems ignored = new Problems(shownAs); // the loader reported what is wrong on its own
        InputContext context =
                new InputContext(runbook.source().toAbsolutePath().getParent());
        List<PlannedStep> steps = new ArrayList<>();
        for (int i = 0; i < runbook.steps().size(); i++) {
            // As plan previews it: a step whose account, region or role needs a value is left out.
            plan(runbook, i, Map.of(), context, ignored).ifPresent(steps::add);
        }
        Problems problems = new Problems(shownAs);
        if (steps.isEmpty()) {
            return problems;
        }
        Decision decision = CredentialPlanner.plan(
                steps.stream().map(s -> stepTarget(runbook, s)).toList(),
                baseIdentity(),
                configuredDevice(),
                new SessionDurations(
                        config.sessions().sessionTokenSeconds(),
                        config.sessions().roleSeconds()),
                false);
        if (decision instanceof Decision.Refused refused) {
            refused.refusals().forEach(r -> add(problems, runbook, r));
        }
        return problems;
    }

    /**
     * The plan decided again offline as a run will decide it: with the device that run will use
     * (a sandbox user's own), and every MFA role reached through one MFA session when a cached one
     * will serve it ({@code preferChaining}).
     */
    public Plan offlineAs(Plan plan, MfaDevice device, boolean preferChaining) {
        return forCaller(plan, baseIdentity(), device, preferChaining);
    }

    private BaseIdentity baseIdentity() {
        return config.identity().accountId().map(BaseIdentity::unknownIn).orElse(BaseIdentity.unknown());
    }

    private MfaDevice configuredDevice() {
        return config.identity()
                .mfaSerial()
                .map(s -> MfaDevice.of(s, MfaDevice.Source.CONFIG))
                .orElse(MfaDevice.discoveredAtRunTime());
    }

    private StepTarget stepTarget(Runbook runbook, PlannedStep s) {
        return new StepTarget(
                s.step().id(),
                s.account().id(),
                s.account().alias(),
                s.roleArn(),
                s.resourcePolicyBucket(),
                s.step().auth().orElse(runbook.auth()),
                runbook.mfa().required(),
                runbook.mfa().maxAgeSeconds());
    }

    private Optional<PlannedStep> plan(
            Runbook runbook, int index, Map<String, String> values, InputContext context, Problems problems) {
        Step step = runbook.steps().get(index);
        String where = "steps[" + index + "]";
        TargetSpec target = step.target().over(runbook.target());
        Optional<Account> account = account(target, step, where, values, problems);
        Optional<Region> region = region(target, values, where, problems);
        Action action = actions.find(step.action()).orElseThrow(); // the loader checked it
        MapNode with = (MapNode) Templates.substitute(step.with(), values);
        Optional<StepInputs> inputs = action.read(new Fields(with, where + ".with", problems), context);
        if (account.isEmpty() || region.isEmpty() || inputs.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> role = role(target, account.get(), values, where, problems);
        Optional<String> bucket = Optional.of(inputs.get())
                .filter(InBucket.class::isInstance)
                .map(i -> ((InBucket) i).bucket())
                .flatMap(config::bucket)
                .filter(b -> b.kind() == BucketAccess.Kind.RESOURCE_POLICY)
                .map(BucketAccess::bucket);
        step.guards().maxTargets().ifPresent(max -> {
            if (inputs.get().namedTargets() > max) {
                problems.add(
                        step.positionOf("guards", "maxTargets"),
                        where + ": names " + inputs.get().namedTargets() + " targets but guards.maxTargets is " + max);
            }
        });
        List<String> warnings = new ArrayList<>(action.warnings(inputs.get()));
        AwsRegions.warning(region.get().name()).ifPresent(warnings::add);
        if (account.get().protectedAccount()) {
            warnings.add(account.get().label() + " is a protected account: typed confirmation on a terminal is always"
                    + " required");
        }
        if (isProduction(account.get().alias()) && !account.get().protectedAccount()) {
            warnings.add("acts in a production account: " + account.get().label());
        }
        return Optional.of(new PlannedStep(
                index + 1,
                step,
                action,
                inputs.get(),
                account.get(),
                region.get().name(),
                region.get().source(),
                role,
                bucket,
                confirmation(step, inputs.get(), account.get()),
                warnings));
    }

    private Optional<Account> account(
            TargetSpec target, Step step, String where, Map<String, String> values, Problems problems) {
        if (target.account().isEmpty()) {
            problems.add(step.position(), where + ": no target account");
            return Optional.empty();
        }
        Scalar s = Templates.substitute(target.account().get(), values);
        if (unresolved(s, "target.account", problems)) {
            return Optional.empty();
        }
        Optional<String> shape = AwsIdentifiers.accountIdOrAlias(s.text());
        if (shape.isPresent()) {
            problems.add(s.position(), "target.account: " + shape.get() + Fields.origin(s));
            return Optional.empty();
        }
        Optional<Account> account = config.account(s.text());
        if (account.isEmpty()) {
            problems.add(
                    s.position(),
                    "target.account: unknown account alias '" + s.text() + "'" + Fields.origin(s)
                            + "; use a 12-digit id or define it under accounts in the config");
        }
        return account;
    }

    /** Where a step acts cannot be previewed with a placeholder: credentials depend on it. */
    private static boolean unresolved(Scalar s, String field, Problems problems) {
        if (!Templates.isTemplated(s)) {
            return false;
        }
        problems.add(
                s.position(), field + ": '" + s.text() + "' needs a parameter that was not given; pass -p NAME=VALUE");
        return true;
    }

    /** A region and where it came from, which the plan shows. */
    private record Region(String name, String source) {}

    /** The region: runbook or step target, else config defaults.region, else AWS_REGION. */
    private Optional<Region> region(TargetSpec target, Map<String, String> values, String where, Problems problems) {
        if (target.region().isPresent()) {
            Scalar s = Templates.substitute(target.region().get(), values);
            if (unresolved(s, "target.region", problems)) {
                return Optional.empty();
            }
            Optional<String> shape = AwsIdentifiers.region(s.text());
            shape.ifPresent(why -> problems.add(s.position(), "target.region: " + why + Fields.origin(s)));
            return shape.isPresent() ? Optional.empty() : Optional.of(new Region(s.text(), "runbook"));
        }
        Optional<Region> fallback = config.defaultRegion()
                .map(r -> new Region(r, "config defaults.region"))
                .or(() -> env.get("AWS_REGION").map(r -> new Region(r, "AWS_REGION")))
                .or(() -> env.get("AWS_DEFAULT_REGION").map(r -> new Region(r, "AWS_DEFAULT_REGION")));
        if (fallback.isEmpty()) {
            problems.add(
                    Position.START,
                    where + ": no region: set target.region, defaults.region in the config, or" + " AWS_REGION");
        }
        fallback.flatMap(r -> AwsIdentifiers.region(r.name()))
                .ifPresent(why -> problems.add(
                        Position.START,
                        where + ": region from " + fallback.get().source() + ": " + why));
        return fallback.filter(r -> AwsIdentifiers.region(r.name()).isEmpty());
    }

    private Optional<String> role(
            TargetSpec target, Account account, Map<String, String> values, String where, Problems problems) {
        Optional<Scalar> role = target.role().map(r -> Templates.substitute(r, values));
        if (role.isPresent() && unresolved(role.get(), "target.role", problems)) {
            return Optional.empty();
        }
        if (role.isPresent()) {
            Scalar s = role.get();
            Optional<String> shape = AwsIdentifiers.role(s.text());
            if (shape.isPresent()) {
                problems.add(s.position(), "target.role: " + shape.get() + Fields.origin(s));
                return Optional.empty();
            }
            Optional<String> arnAccount = AwsIdentifiers.roleArnAccount(s.text());
            if (arnAccount.isPresent() && !arnAccount.get().equals(account.id())) {
                problems.add(
                        s.position(),
                        "target.role: the role is in account " + arnAccount.get() + ", not in " + account.label());
                return Optional.empty();
            }
            return Optional.of(AwsIdentifiers.roleArn(account.id(), s.text()));
        }
        // defaults.role is for the accounts you reach through a role. In your own account an
        // MFA-conditioned API is reached as yourself (GetSessionToken), unless a role is named.
        boolean home =
                config.identity().accountId().filter(account.id()::equals).isPresent();
        Optional<String> fallback = home ? Optional.empty() : config.defaultRole();
        return account.role().or(() -> fallback).map(r -> AwsIdentifiers.roleArn(account.id(), r));
    }

    private static String confirmation(Step step, StepInputs inputs, Account account) {
        String word = inputs.confirmationName().orElse(account.alias());
        if (account.protectedAccount() || step.confirm() == Confirm.TYPED) {
            String why = account.protectedAccount() && step.confirm() != Confirm.TYPED
                    ? " (protected account: always typed, on a terminal)"
                    : "";
            return "typed: type '" + word + "' to proceed" + why;
        }
        return step.confirm() == Confirm.YES ? "yes: answer y/N" : "none";
    }
}
