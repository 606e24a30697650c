package dev.guard.apply;

import dev.guard.action.ActionRegistry;
import dev.guard.action.LocalFiles;
import dev.guard.config.Environment;
import dev.guard.config.GuardConfig;
import dev.guard.error.ProblemsException;
import dev.guard.plan.Organization;
import dev.guard.plan.Plan;
import dev.guard.plan.Planner;
import dev.guard.saved.SavedPlan;
import dev.guard.saved.SavedPlanBody;
import dev.guard.saved.SavedStep;
import dev.guard.term.Terminal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The offline checks of a saved plan against what is on disk now: its runbook file, the config,
 * and every step planned again from the runbook with the saved parameters. Each refusal is exit 8
 * and changes nothing.
 */
final class SavedPlanChecks {
    private final ActionRegistry actions;
    private final GuardConfig config;
    private final Environment env;
    private final Terminal terminal;
    private Organization organization = Organization.UNAVAILABLE;

    SavedPlanChecks(ActionRegistry actions, GuardConfig config, Environment env, Terminal terminal) {
        this.actions = actions;
        this.config = config;
        this.env = env;
        this.terminal = terminal;
    }

    void runbook(SavedPlan saved) {
        var runbook = saved.body().object("runbook");
        Path path = Path.of(runbook.string("path"));
        if (!Files.isRegularFile(path)) {
            throw Applier.refused("the plan's runbook " + path + " no longer exists (a saved plan names its runbook by"
                    + " path: put that file back there, or make a new plan with guard plan --live -o)");
        }
        if (!SavedPlanBody.sha256(path).equals(runbook.string("sha256"))) {
            throw Applier.refused("the runbook " + path + " changed since the plan was saved (its SHA-256 differs);"
                    + " make a new plan with guard plan --live -o");
        }
    }

    void config(SavedPlan saved) {
        var c = saved.body().object("config");
        Optional<String> then = c.optionalString("planDigest");
        if (!then.equals(Optional.of(config.planDigest()))) {
            throw Applier.refused("the config "
                    + config.source().map(Path::toString).orElse("(none)") + " does not say what the plan's config ("
                    + c.optionalString("path").orElse("no config file")
                    + ") said about accounts, roles, runner roles, protection, buckets or the approvals store; make a"
                    + " new plan");
        }
    }

    /** Reads AWS Organizations for account sets that select from it, to re-resolve them. */
    SavedPlanChecks reading(Organization organization) {
        this.organization = organization;
        return this;
    }

    /**
     * The runbook planned again from its file and the saved parameters: each step must resolve to
     * the saved one, so a plan edited and resealed by hand cannot do what its runbook does not say.
     */
    Plan replan(SavedPlan saved) {
        var runbook = saved.body().object("runbook");
        Map<String, String> parameters = saved.body().strings("parameters");
        List<String> allow = allowFilesFrom(saved);
        Plan plan;
        try {
            plan = new Planner(actions, config, env, terminal)
                    .reading(organization)
                    .plan(
                            new Planner.Request(
                                    runbook.string("path"),
                                    parameters,
                                    Optional.empty(),
                                    LocalFiles.allowing(env, allow)),
                            false);
        } catch (ProblemsException e) {
            throw Applier.refused("the runbook no longer plans with the saved parameters (" + e.getMessage() + ")");
        }
        List<SavedStep> steps = SavedStep.of(saved);
        SetDrift.of(steps, plan).ifPresent(why -> {
            throw Applier.refused(why);
        });
        if (steps.size() != plan.steps().size()) {
            throw Applier.refused("the runbook has " + plan.steps().size() + " steps, the saved plan " + steps.size());
        }
        for (int i = 0; i < steps.size(); i++) {
            SavedStep s = steps.get(i);
            var p = plan.steps().get(i);
            boolean same = s.id().equals(p.step().id())
                    && s.number() == p.number()
                    && s.action().equals(p.action().name())
                    && s.account().equals(p.account().id())
                    && s.region().equals(p.region())
                    && s.protectedAccount() == p.account().protectedAccount()
                    && s.confirm().equals(p.confirm().yaml())
                    && s.inputs().equals(p.inputs().describe());
            if (!same) {
                throw Applier.refused("step " + s.id()
                        + " of the saved plan is not what its runbook says with the saved"
                        + " parameters (" + p.step().id() + ": " + p.action().name() + " in "
                        + p.account().id() + ", "
                        + p.region() + ", " + String.join("; ", p.inputs().describe())
                        + "): the plan was edited; make a new one with guard plan --live -o");
            }
        }
        return plan;
    }

    /** {@code --allow-files-from} as the plan was made with it, so the same local files are read. */
    private static List<String> allowFilesFrom(SavedPlan saved) {
        if (saved.document().get("files") instanceof Map<?, ?> files
                && files.get("allowFrom") instanceof List<?> dirs) {
            return dirs.stream().map(String::valueOf).toList();
        }
        return List.of();
    }
}
