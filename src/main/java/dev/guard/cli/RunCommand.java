package dev.guard.cli;

import dev.guard.engine.ExitCode;
import dev.guard.engine.GuardException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code guard run}: the main job. */
@Command(
        name = "run",
        description = {
            "Run a runbook: validate it, resolve parameters, plan credentials, obtain MFA-backed credentials (one"
                    + " prompt), discover targets, check guards, show the plan, ask for confirmation, then execute"
                    + " (or rehearse with --dry-run).",
            "In this version the pipeline stops after the plan: execution is not available yet (exit code 6)."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  guard run runbooks/terminate-dev-instance.yaml -p instanceId=i-0abc1234",
            "  guard run terminate-dev-instance --dry-run",
            "  guard run nightly-cleanup --yes          # only if the runbook says unattended: true"
        })
final class RunCommand implements Callable<Integer> {
    @Mixin
    RunbookOptions options;

    @Option(names = "--dry-run", description = "Rehearse: check permissions and targets, change nothing.")
    boolean dryRun;

    @Option(
            names = "--yes",
            description = "Skip the confirmation; honoured only when the runbook says unattended: true.")
    boolean yes;

    @Spec
    CommandSpec spec;

    private final Context context;

    RunCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Session session = new Session(context, spec.commandLine());
        var plan = new Planning(session).plan(options, false);
        if (yes && !plan.runbook().unattended()) {
            throw GuardException.invalid("--yes is refused: runbook "
                    + plan.runbook().name() + " does not say unattended: true, so it needs a confirmation");
        }
        String notYet = "execution is not available in this version yet: the plan above is what would run. Nothing was"
                + " changed and no AWS call was made (exit code 6).";
        if (session.global.json()) {
            // One JSON document: the plan and what became of it.
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("plan", PlanJson.of(plan));
            doc.put("error", Map.of("exitCode", ExitCode.NOT_AVAILABLE, "messages", List.of(notYet)));
            Json.write(session.out(), doc);
            session.err().println("guard: " + notYet);
            session.err().flush();
            return ExitCode.NOT_AVAILABLE;
        }
        new PlanRenderer(session.style(), session.out()).render(plan);
        throw new GuardException(ExitCode.NOT_AVAILABLE, notYet);
    }
}
