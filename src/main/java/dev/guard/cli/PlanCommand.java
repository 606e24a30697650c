package dev.guard.cli;

import dev.guard.engine.ExitCode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code guard plan}: what a run would do, offline. */
@Command(
        name = "plan",
        description = {
            "Show what a runbook would do, offline: each step's account, region, selection, guards and confirmation, the"
                    + " credential strategy with its reason, and warnings. Makes no AWS call and needs no credentials."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  guard plan runbooks/terminate-dev-instance.yaml -p instanceId=i-0abc1234",
            "  guard plan cleanup-dev-instances",
            "  guard plan mixed-maintenance --params-file params.yaml --output json"
        })
final class PlanCommand implements Callable<Integer> {
    @Mixin
    RunbookOptions options;

    @Spec
    CommandSpec spec;

    private final Context context;

    PlanCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Session session = new Session(context, spec.commandLine());
        var plan = new Planning(session).plan(options, true);
        if (session.global.json()) {
            Json.write(session.out(), PlanJson.of(plan));
        } else {
            new PlanRenderer(session.style(), session.out()).render(plan);
        }
        return ExitCode.OK;
    }
}
