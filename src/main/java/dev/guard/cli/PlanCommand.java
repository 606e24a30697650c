package dev.guard.cli;

import dev.guard.error.ExitCode;
import dev.guard.error.GuardException;
import dev.guard.json.Json;
import dev.guard.run.Executor;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code guard plan}: what a run would do, offline. */
@Command(
        name = "plan",
        description = {
            "Show what a runbook would do, offline: each step's account, region, selection, guards and confirmation, the"
                    + " credential strategy with its reason, and warnings. Makes no AWS call and needs no credentials.",
            "With --live (or --sandbox, against a sandbox started for it) it also obtains the credentials, reads every"
                    + " target as it is now and checks the guards — everything a run does before its confirmation —"
                    + " and changes nothing."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  guard plan runbooks/terminate-dev-instance.yaml -p instanceId=i-0abc1234",
            "  guard plan cleanup-dev-instances",
            "  guard plan mixed-maintenance --params-file params.yaml --output json",
            "  guard plan --sandbox cleanup-dev-instances      # the targets as the sandbox has them"
        })
final class PlanCommand implements Callable<Integer> {
    @Mixin
    RunbookOptions options;

    @Option(
            names = "--live",
            description = "Also read the targets and check the guards (needs credentials; no change).")
    boolean live;

    @Option(
            names = "-o",
            paramLabel = "FILE",
            description = "Save the plan for guard apply. Saved plans are not built yet: exit code 6.")
    String savedPlan;

    @Option(
            names = "--expires-in",
            paramLabel = "DURATION",
            description = "With -o: how long the saved plan may be applied. Not built yet: exit code 6.")
    String expiresIn;

    @Mixin
    ConnectionOptions connection;

    @Spec
    CommandSpec spec;

    private final Context context;

    PlanCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        if (savedPlan != null || expiresIn != null) {
            // Promised by the README and DESIGN; refused honestly rather than as an unknown option.
            throw new GuardException(
                    ExitCode.NOT_AVAILABLE,
                    "saved plans are not built yet (plan -o FILE, --expires-in, guard apply); nothing was written;"
                            + " exit code 6");
        }
        Session session = new Session(context, spec.commandLine());
        boolean online = live || connection.sandbox;
        if (!online && connection.asksForAws()) {
            throw GuardException.invalid(
                    "plan is offline: --profile, --endpoint-url and the MFA options apply with --live"
                            + " (or to run)");
        }
        var plan = session.plan(options, !online);
        if (online) {
            // The plan, then the targets as they are now and the guards' verdict; never a change.
            return LiveRun.runAndReport(session, connection, plan, Executor.Mode.DISCOVER, false, false, () -> {});
        }
        PlanPreview preview = PlanPreview.offline(session, plan);
        if (session.global.json()) {
            Json.write(session.out(), PlanJson.of(preview));
        } else {
            new PlanRenderer(session.style(), session.out()).render(preview, true);
        }
        return ExitCode.OK;
    }
}
