package dev.guard.plan;

import dev.guard.action.ActionRegistry;
import dev.guard.action.LocalFiles;
import dev.guard.config.Environment;
import dev.guard.config.GuardConfig;
import dev.guard.error.ProblemsException;
import dev.guard.term.PromptCancelled;
import dev.guard.term.Terminal;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The offline half of the pipeline, in order: load the runbook → validate it → resolve its
 * parameters → build the plan with its credential plan. No AWS call; {@code run.Pipeline} takes the
 * plan from here.
 */
public final class Planner {
    /**
     * What to plan.
     *
     * @param runbook the runbook as the operator named it (a path, or a name in the runbook directory)
     * @param parameters {@code -p name=value}
     * @param paramsFile {@code --params-file}, as given
     * @param files where {@code file:} inputs may be read from
     */
    public record Request(
            String runbook, Map<String, String> parameters, Optional<String> paramsFile, LocalFiles files) {}

    private final ActionRegistry actions;
    private final GuardConfig config;
    private final Environment env;
    private final Terminal terminal;
    private Organization organization = Organization.UNAVAILABLE;

    /** @param terminal where missing parameters are asked for */
    public Planner(ActionRegistry actions, GuardConfig config, Environment env, Terminal terminal) {
        this.actions = actions;
        this.config = config;
        this.env = env;
        this.terminal = terminal;
    }

    /** Reads AWS Organizations through {@code organization} for account sets that select from it. */
    public Planner reading(Organization organization) {
        this.organization = organization;
        return this;
    }

    /** @param preview a plan for reading only: parameters nobody gave stay as {@code ${name}} */
    public Plan plan(Request request, boolean preview) {
        RunbookLocator locator = new RunbookLocator(env, config.runbookDirectory());
        Path file = locator.locate(request.runbook());
        Path shown = locator.shown(file);
        RunbookLoader.Result loaded = new RunbookLoader(actions, config, request.files()).load(file, shown);
        if (!loaded.ok()) {
            throw ProblemsException.of(loaded.problems());
        }
        var runbook = loaded.runbook().orElseThrow();
        Map<String, String> values;
        try {
            // No method reference: on JDK 17 each costs ~60 µs to link at its first call (a plan's start-up).
            Optional<Path> paramsFile = request.paramsFile().isPresent()
                    ? Optional.of(env.resolve(request.paramsFile().get()))
                    : Optional.empty();
            values = new ParameterResolver(terminal).resolve(runbook, request.parameters(), paramsFile, shown, preview);
        } catch (PromptCancelled e) {
            throw e.at("the parameter prompt");
        }
        return new PlanBuilder(actions, config, env, request.files())
                .reading(organization)
                .build(runbook, shown, values);
    }
}
