package dev.guard.cli;

import dev.guard.error.ProblemsException;
import dev.guard.plan.ParameterResolver;
import dev.guard.plan.Plan;
import dev.guard.plan.PlanBuilder;
import dev.guard.plan.RunbookLoader;
import dev.guard.term.PromptCancelled;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** load → validate → resolve parameters → plan: the offline half of the run pipeline. */
final class Planning {
    private final Session session;

    Planning(Session session) {
        this.session = session;
    }

    /** @param preview a plan for reading only: parameters nobody gave stay as {@code ${name}} */
    Plan plan(RunbookOptions options, boolean preview) {
        var locator = session.locator();
        Path file = locator.locate(options.runbook);
        Path shown = locator.shown(file);
        var files = options.files.localFiles(session.context.env());
        RunbookLoader.Result loaded = new RunbookLoader(session.actions(), session.config(), files).load(file, shown);
        if (!loaded.ok()) {
            throw ProblemsException.of(loaded.problems());
        }
        var runbook = loaded.runbook().orElseThrow();
        Map<String, String> values;
        try {
            values = new ParameterResolver(session.context.terminal())
                    .resolve(
                            runbook,
                            options.parameters(),
                            Optional.ofNullable(options.paramsFile).map(session.context.env()::resolve),
                            shown,
                            preview);
        } catch (PromptCancelled e) {
            throw e.at("the parameter prompt");
        }
        return new PlanBuilder(session.actions(), session.config(), session.context.env(), files)
                .build(runbook, shown, values);
    }
}
