package dev.guard.cli;

import dev.guard.apply.Applier;
import dev.guard.apply.ApprovalGate;
import dev.guard.error.GuardException;
import dev.guard.plan.Unattended;
import dev.guard.run.Executor;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code guard apply FILE}: exactly a saved plan, or nothing. */
@Command(
        name = "apply",
        description = {
            "Execute a saved plan (guard plan --live -o FILE) exactly: its digest, expiry, runbook and config are"
                    + " checked first (exit 8), every target is read again and the whole apply is refused if any"
                    + " drifted (exit 3); only the plan's targets are changed, each re-read just before. A plan is"
                    + " applied once; an interrupted apply resumes with what was left."
        },
        footerHeading = "%nExamples:%n",
        footer = {"  guard apply nightly.plan.json", "  guard apply nightly.plan.json --yes   # unattended runbooks"})
final class ApplyCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "The saved plan.")
    String file;

    @Option(
            names = "--yes",
            description = "Skip the confirmation; honoured only when the runbook says unattended: true, never for a"
                    + " protected account (an approved plan needs no confirmation).")
    boolean yes;

    @Option(
            names = "--break-lock",
            description = "Take over a run lock left by a guard run that was killed or crashed.")
    boolean breakLock;

    @Mixin
    ConnectionOptions connection;

    @Spec
    CommandSpec spec;

    private final Context context;

    ApplyCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        if (connection.sandbox) {
            throw GuardException.invalid("apply --sandbox: a sandbox started for one command is a new world each time"
                    + " (new launch times, new objects), so no saved plan can match it; start one with guard sandbox"
                    + " and give plan and apply its --endpoint-url");
        }
        Session session = new Session(context, spec.commandLine());
        Applier applier = new Applier(
                session.actions(), session.config(), context.env(), context.terminal(), Clock.systemUTC(), line -> {
                    session.err().println("guard: " + dev.guard.term.Printable.of(line));
                    session.err().flush();
                });
        return apply(session, applier);
    }

    /** Where approvals plug in (issue 11, item 3): none yet, so every apply confirms as run does. */
    private static ApprovalGate approvals(Session session) {
        return ApprovalGate.NONE;
    }

    private int apply(Session session, Applier applier) {
        try (Applier.Prepared prepared = applier.prepare(context.env().resolve(file), breakLock)) {
            var plan = prepared.plan();
            List<String> approvers = approvals(session).approvers(prepared.saved(), plan);
            if (yes && approvers.isEmpty()) {
                Unattended.allowYes(plan);
            }
            if (prepared.resuming()) {
                session.err().println("guard: resuming plan " + prepared.saved().id() + ": " + prepared.resumes());
                session.err().flush();
            }
            LiveRun.Extras extras = new LiveRun.Extras(
                    prepared.savedRun(approvers),
                    audit -> prepared.audit(audit, approvers),
                    c -> {
                        prepared.checkEndpoint(SavedPlanOutput.endpointOf(c));
                        prepared.started();
                    },
                    report -> {
                        prepared.ended(report.exitCode(), report.summary());
                        return Map.of(
                                "appliedPlan",
                                Map.of(
                                        "id",
                                        prepared.saved().id(),
                                        "digest",
                                        prepared.saved().digest()));
                    });
            try {
                return LiveRun.runAndReport(
                        session,
                        connection,
                        plan,
                        Executor.Mode.EXECUTE,
                        yes,
                        breakLock || prepared.takesOverLocks(),
                        () -> {
                            if (!context.terminal().interactive() && approvers.isEmpty()) {
                                Unattended.refuseUnconfirmable(plan, yes);
                            }
                        },
                        extras);
            } catch (GuardException e) {
                prepared.ended(e.exitCode(), e.getMessage());
                throw e;
            } catch (RuntimeException e) {
                prepared.ended(
                        dev.guard.error.ExitCode.ACTION_FAILED,
                        "internal error: " + e.getClass().getSimpleName());
                throw e;
            }
        }
    }
}
