package dev.guard.cli;

import dev.guard.error.ExitCode;
import dev.guard.error.GuardException;
import dev.guard.plan.Unattended;
import dev.guard.run.Executor;
import java.time.Duration;
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
                    + " prompt), discover targets, check guards, show them, ask for confirmation, then execute"
                    + " (or rehearse with --dry-run).",
            "With --sandbox it runs against a local sandbox (guard sandbox) started for this run, seeded with"
                    + " config/sandbox.yaml: nothing real is touched."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  guard run --sandbox runbooks/terminate-dev-instance.yaml     # rehearse safely, locally",
            "  guard run runbooks/terminate-dev-instance.yaml -p instanceId=i-0abc1234",
            "  guard run terminate-dev-instance --dry-run",
            "  guard run nightly-cleanup --yes --mfa-command 'ykman oath accounts code -s aws'"
        })
final class RunCommand implements Callable<Integer> {
    @Mixin
    RunbookOptions options;

    @Option(
            names = "--dry-run",
            description = "Rehearse: discover targets, check guards and ask AWS whether the change would be allowed"
                    + " (EC2 DryRun); send no change.")
    boolean dryRun;

    @Option(
            names = "--yes",
            description = "Skip the confirmation; honoured only when the runbook says unattended: true, never for a"
                    + " protected account.")
    boolean yes;

    @Mixin
    LockOptions locks;

    @Mixin
    ConnectionOptions connection;

    @Spec
    CommandSpec spec;

    private final Context context;

    RunCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Duration timeout = locks.timeout();
        Session session = new Session(context, spec.commandLine());
        try {
            return run(session, timeout);
        } finally {
            session.closeEarly(); // a refusal before the run: the sandbox opened to read Organizations
        }
    }

    private int run(Session session, Duration timeout) {
        var plan = session.plan(options, false, connection);
        if (!dryRun) {
            refuseUnapproved(plan);
        }
        if (yes) {
            Unattended.allowYes(plan);
        }
        Executor.Mode mode = dryRun ? Executor.Mode.DRY_RUN : Executor.Mode.EXECUTE;
        Runnable beforeAws = () -> {
            // Found out now, before any AWS call or MFA code.
            if (!dryRun && !context.terminal().interactive()) {
                Unattended.refuseUnconfirmable(plan, yes);
            }
        };
        return LiveRun.runAndReport(
                session, connection, plan, mode, yes, locks.breakLock, timeout, beforeAws, LiveRun.Extras.NONE);
    }

    /**
     * A runbook that requires approvals runs only as an approved saved plan: {@code guard run} by one
     * operator would bypass the two-person rule the runbook asks for. A dry run changes nothing and
     * stays allowed.
     */
    private static void refuseUnapproved(dev.guard.plan.Plan plan) {
        plan.runbook().approval().ifPresent(a -> {
            throw new GuardException(
                    ExitCode.NOT_APPROVED,
                    "runbook " + plan.runbook().name() + " " + a.describe() + ": it runs only as an approved saved"
                            + " plan — guard plan " + plan.runbook().name() + " --live -o FILE, guard approve FILE"
                            + " (each approver), then guard apply FILE. Nothing was changed");
        });
    }
}
