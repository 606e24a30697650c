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
            "  guard plan --sandbox cleanup-dev-instances      # the targets as the sandbox has them",
            "  guard plan --live cleanup-dev-instances -o nightly.plan.json --expires-in 12h   # then: guard apply"
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
            description = "With --live (or --sandbox): save the plan for guard apply (JSON, 0600) — every target with"
                    + " the state it was seen in — only when every guard passes.")
    String savedPlan;

    @Option(
            names = "--expires-in",
            paramLabel = "DURATION",
            description =
                    "With -o: how long the saved plan may be applied, e.g. 90m, 12h, 7d (default 24h, at most 7d).")
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
        Session session = new Session(context, spec.commandLine());
        try {
            return plan(session);
        } finally {
            session.closeEarly(); // a refusal before the run: the sandbox opened to read Organizations
        }
    }

    private int plan(Session session) {
        boolean online = live || connection.sandbox;
        if (savedPlan != null || expiresIn != null) {
            return SavedPlanOutput.save(session, options, connection, online, savedPlan, expiresIn);
        }
        if (!online && connection.asksForAws()) {
            throw GuardException.invalid(
                    "plan is offline: --profile, --endpoint-url and the MFA options apply with --live"
                            + " (or to run)");
        }
        var plan = online ? session.plan(options, false, connection) : session.plan(options, true);
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
