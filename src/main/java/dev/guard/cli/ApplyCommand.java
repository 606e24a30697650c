package dev.guard.cli;

import dev.guard.apply.Applier;
import dev.guard.apply.ApprovalGate;
import dev.guard.approval.Approvals;
import dev.guard.credentials.OrganizationReader;
import dev.guard.error.ExitCode;
import dev.guard.error.GuardException;
import dev.guard.plan.Unattended;
import dev.guard.run.Executor;
import dev.guard.run.RunRequest;
import dev.guard.term.Printable;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
                    + " applied once; an interrupted apply resumes with what was left.",
            "A runbook with approval: needs that many distinct approvals of this plan in the approvals store (guard"
                    + " approve; exit 9 without them); an approved plan asks no confirmation and may run with no"
                    + " terminal, in a protected account too, and with --runner as the runner's own identity."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  guard apply nightly.plan.json",
            "  guard apply nightly.plan.json --yes                 # unattended runbooks, in a guard login window",
            "  guard apply prod-web.plan.json --runner --yes       # an approved plan, as the scheduler's own identity"
        })
final class ApplyCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "The saved plan.")
    String file;

    @Option(
            names = "--yes",
            description = "Skip the confirmation; honoured only when the runbook says unattended: true, never for a"
                    + " protected account (an approved plan needs no confirmation).")
    boolean yes;

    @Mixin
    LockOptions locks;

    @Option(
            names = "--runner",
            description = "Act as the unattended runner's own identity (the SDK's default chain: environment keys,"
                    + " instance profile, ECS task role, EKS IRSA / pod identity, CI OIDC), assuming each account's"
                    + " runnerRole without MFA. Only for a plan whose runbook requires approvals and has them (exit 9"
                    + " otherwise): the approvers' MFA took the place of the runner's.")
    boolean runner;

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
                session.actions(),
                session.config(),
                context.env(),
                context.terminal(),
                Clock.systemUTC(),
                line -> session.warning(Printable.of(line)));
        // The runner's own identity reads the organization in --runner, as it reads the approvals.
        applier.reading(new PlanningOrganization(() -> {
            Connections.Opened o = runner
                    ? Connections.openForRunner(connection, session, line -> {})
                    : Connections.open(connection, session, line -> {});
            return OrganizationReader.of(
                    o.connection(), context.env(), session.config(), line -> session.warning(Printable.of(line)));
        }));
        return apply(session, applier);
    }

    /**
     * The plan's distinct valid approvers from the approvals store, read with the base credentials
     * (the runner's in {@code --runner}): reading needs no MFA, writing did. Empty when the runbook
     * requires none.
     */
    private ApprovalGate approvals(Session session) {
        return (saved, plan) -> {
            if (plan.runbook().approval().isEmpty() && saved.approval().isEmpty()) {
                return List.of();
            }
            try (Connections.Opened o = runner
                    ? Connections.openForRunner(connection, session, line -> {})
                    : Connections.open(connection, session, line -> {})) {
                return Approvals.approvers(
                        saved,
                        plan.runbook().approval(),
                        session.config().approvals(),
                        o.connection(),
                        context.env(),
                        line -> session.warning(Printable.of(line)),
                        Clock.systemUTC().instant());
            }
        };
    }

    /** The runner's own identity acts only for approved plans: refused before any change. */
    private Optional<RunRequest.Runner> runnerFor(Applier.Prepared prepared, List<String> approvers) {
        if (!runner) {
            return Optional.empty();
        }
        if (approvers.isEmpty()) {
            throw new GuardException(
                    ExitCode.NOT_APPROVED,
                    "apply --runner: the runner's own identity acts only on an approved plan, and runbook "
                            + prepared.plan().runbook().name() + " requires no approvals (add approval: to it, or"
                            + " apply in a guard login window without --runner). Nothing was changed");
        }
        return Optional.of(RunRequest.Runner.approved(prepared.saved().id()));
    }

    private int apply(Session session, Applier applier) {
        Duration timeout = locks.timeout(); // a bad value is refused before the plan is read
        try (Applier.Prepared prepared = applier.prepare(context.env().resolve(file), locks.breakLock)) {
            var plan = prepared.plan();
            List<String> approvers = approvals(session).approvers(prepared.saved(), plan);
            Optional<RunRequest.Runner> asRunner = runnerFor(prepared, approvers);
            if (yes && approvers.isEmpty()) {
                Unattended.allowYes(plan);
            }
            if (prepared.resuming()) {
                session.warning(Printable.of("resuming plan " + prepared.saved().id() + ": " + prepared.resumes()));
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
                    },
                    asRunner);
            try {
                return LiveRun.runAndReport(
                        session,
                        connection,
                        plan,
                        Executor.Mode.EXECUTE,
                        yes,
                        locks.breakLock || prepared.takesOverLocks(),
                        timeout,
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
                        ExitCode.ACTION_FAILED,
                        "internal error: " + e.getClass().getSimpleName());
                throw e;
            }
        }
    }
}
