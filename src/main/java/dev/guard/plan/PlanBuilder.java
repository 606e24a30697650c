package dev.guard.plan;

import dev.guard.action.Action;
import dev.guard.action.ActionRegistry;
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
import dev.guard.config.Environment;
import dev.guard.config.GuardConfig;
import dev.guard.error.ProblemsException;
import dev.guard.runbook.AccountSelector;
import dev.guard.runbook.AwsIdentifiers;
import dev.guard.runbook.Parameter;
import dev.guard.runbook.Runbook;
import dev.guard.runbook.Step;
import dev.guard.runbook.TargetSpec;
import dev.guard.yaml.Fields;
import dev.guard.yaml.MapNode;
import dev.guard.yaml.Position;
import dev.guard.yaml.Problems;
import dev.guard.yaml.Templates;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Builds a {@link Plan} offline from a valid runbook and its parameter values. Values that came
 * from parameters are checked again here, now that they are known, and problems point at the line
 * that used the parameter. The credential decision is {@link CredentialPlanner}'s.
 *
 * <p>Loops and plain {@code Optional} checks rather than streams and lambdas: every validate runs
 * this, and on JDK 17 each lambda call site costs ~60 µs to link the first time.
 */
public final class PlanBuilder {
    private final ActionRegistry actions;
    private final GuardConfig config;
    private final Environment env;
    private final LocalFiles files;
    private Organization organization = Organization.UNAVAILABLE;

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

    /**
     * Reads AWS Organizations through {@code organization} for the {@code organizationalUnit:} and
     * {@code tags:} selectors of account sets; without it such a runbook plans only in validate.
     */
    public PlanBuilder reading(Organization organization) {
        this.organization = organization;
        return this;
    }

    private static boolean readsOrganization(Runbook runbook, int index) {
        for (AccountSelector s :
                runbook.steps().get(index).target().over(runbook.target()).accounts()) {
            if (s instanceof AccountSelector.Organization) {
                return true;
            }
        }
        return false;
    }

    public Plan build(Runbook runbook, Path shownAs, Map<String, String> parameters) {
        Problems problems = new Problems(shownAs);
        InputContext context =
                new InputContext(runbook.source().toAbsolutePath().getParent(), files);
        List<PlannedStep> steps = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (int i = 0; i < runbook.steps().size(); i++) {
            steps.addAll(plan(runbook, i, parameters, context, problems, notes));
        }
        if (!problems.isEmpty()) {
            throw ProblemsException.of(problems);
        }
        MfaDevice device = configuredDevice();
        CredentialPlan credentials = credentials(runbook, shownAs, steps, baseIdentity(), device, false);
        List<String> warnings = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (Parameter p : runbook.parameters()) {
            if (!parameters.containsKey(p.name())) {
                missing.add(p.name());
            }
        }
        missing = List.copyOf(missing);
        for (String name : missing) {
            warnings.add("incomplete plan: parameter " + name + " was not given, so ${" + name + "} is shown as it is;"
                    + " guard run asks for it on a terminal, or pass -p " + name + "=VALUE");
        }
        if (!runbook.mfa().required()) {
            warnings.add("mfa.required is false: steps run with credentials that carry no MFA");
        }
        warnings.addAll(notes);
        warnings.addAll(SetWarnings.of(steps));
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
            Optional<String> role = config.runnerRole(step.account());
            if (role.isPresent()) {
                runnerRoles.put(
                        step.account().id(),
                        AwsIdentifiers.roleArn(step.account().id(), role.get()));
            }
        }
        Decision decision = CredentialPlanner.planForRunner(
                stepTargets(plan.runbook(), plan.steps()), runner, runnerRoles, durations());
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
        Decision decision =
                CredentialPlanner.plan(stepTargets(runbook, steps), base, device, durations(), preferChaining);
        return planned(runbook, shownAs, decision);
    }

    /** The plan decided, or every refusal as a problem at its step, with the decision's exit code. */
    private static CredentialPlan planned(Runbook runbook, Path shownAs, Decision decision) {
        if (decision instanceof Decision.Refused refused) {
            List<String> lines = new ArrayList<>();
            for (CredentialRefusal r : refused.refusals()) {
                lines.add(located(runbook, shownAs, r));
            }
            throw new ProblemsException(refused.exitCode(), List.copyOf(lines));
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
            // A set member's id is the step's id, then @account.
            if (refusal.stepId().equals(step.id()) || refusal.stepId().startsWith(step.id() + "@")) {
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
            // As plan previews it: a step whose account, region or role needs a value is left out,
            // and so is a set read from AWS Organizations (validate makes no AWS call).
            if (!readsOrganization(runbook, i)) {
                steps.addAll(plan(runbook, i, Map.of(), context, ignored, new ArrayList<>()));
            }
        }
        Problems problems = new Problems(shownAs);
        if (steps.isEmpty()) {
            return problems;
        }
        Decision decision = CredentialPlanner.plan(
                stepTargets(runbook, steps),
                baseIdentity(),
                configuredDevice(),
                new SessionDurations(
                        config.sessions().sessionTokenSeconds(),
                        config.sessions().roleSeconds()),
                false);
        if (decision instanceof Decision.Refused refused) {
            for (CredentialRefusal r : refused.refusals()) {
                add(problems, runbook, r);
            }
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
        Optional<String> account = config.identity().accountId();
        return account.isPresent() ? BaseIdentity.unknownIn(account.get()) : BaseIdentity.unknown();
    }

    private MfaDevice configuredDevice() {
        Optional<String> serial = config.identity().mfaSerial();
        return serial.isPresent()
                ? MfaDevice.of(serial.get(), MfaDevice.Source.CONFIG)
                : MfaDevice.discoveredAtRunTime();
    }

    private List<StepTarget> stepTargets(Runbook runbook, List<PlannedStep> steps) {
        List<StepTarget> out = new ArrayList<>(steps.size());
        for (PlannedStep s : steps) {
            out.add(stepTarget(runbook, s));
        }
        return List.copyOf(out);
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

    /** The step's planned steps: one, or one per member of its set; none when it has a problem. */
    private List<PlannedStep> plan(
            Runbook runbook,
            int index,
            Map<String, String> values,
            InputContext context,
            Problems problems,
            List<String> notes) {
        Step step = runbook.steps().get(index);
        String where = "steps[" + index + "]";
        TargetSpec target = step.target().over(runbook.target());
        TargetResolver targets = new TargetResolver(config, env, values, problems);
        Action action = actions.find(step.action()).orElseThrow(); // the loader checked it
        MapNode with = (MapNode) Templates.substitute(step.with(), values);
        StepReading inputs = new StepReading(action, new Fields(with, where + ".with", problems), context);
        if (target.isSet()) {
            SetPlanner sets =
                    new SetPlanner(targets, new AccountSets(config, organization, values, problems), problems);
            List<PlannedStep> out = sets.plan(index, step, target, action, inputs, where);
            notes.addAll(sets.notes());
            return out;
        }
        Optional<Account> account = targets.account(target, step, where);
        Optional<TargetResolver.Region> region = targets.region(target, where);
        Optional<StepInputs> read = inputs.read();
        if (account.isEmpty() || region.isEmpty() || read.isEmpty()) {
            return List.of();
        }
        OptionalInt max = step.guards().maxTargets();
        if (max.isPresent() && read.get().namedTargets() > max.getAsInt()) {
            problems.add(
                    step.positionOf("guards", "maxTargets"),
                    where + ": names " + read.get().namedTargets() + " targets but guards.maxTargets is "
                            + max.getAsInt());
        }
        return List.of(targets.planned(
                index, step, target, action, read.get(), account.get(), region.get(), Optional.empty()));
    }

    /** Reads a step's {@code with:} when asked: a set reads it after the set, so problems come in file order. */
    static final class StepReading {
        private final Action action;
        private final Fields with;
        private final InputContext context;

        StepReading(Action action, Fields with, InputContext context) {
            this.action = action;
            this.with = with;
            this.context = context;
        }

        Optional<StepInputs> read() {
            return action.read(with, context);
        }
    }
}
