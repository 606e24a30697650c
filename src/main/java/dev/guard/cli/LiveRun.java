package dev.guard.cli;

import dev.guard.audit.AuditTrail;
import dev.guard.audit.RunAudit;
import dev.guard.credentials.Connection;
import dev.guard.error.ExitCode;
import dev.guard.json.Json;
import dev.guard.plan.Plan;
import dev.guard.run.Executor;
import dev.guard.run.Interrupt;
import dev.guard.run.Pipeline;
import dev.guard.run.RunContext;
import dev.guard.run.RunRequest;
import dev.guard.run.SavedRun;
import dev.guard.term.Printable;
import dev.guard.term.Progress;
import dev.guard.term.ProgressBoard;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * What {@code run} and {@code plan --live} share once the plan is made offline: show it, open the
 * connection, build the run's context, hand it to the {@link Pipeline} and render its report.
 */
final class LiveRun {
    private LiveRun() {}

    /**
     * What a saved plan adds to a live run ({@code plan -o}, {@code apply}).
     *
     * @param audit wraps the run's audit trail
     * @param opened told of the connection before any AWS call: may refuse by throwing
     * @param reported told of the report before it is rendered; returns fields for the JSON document
     * @param runner present when the unattended runner's own identity acts ({@code apply --runner})
     */
    record Extras(
            SavedRun saved,
            UnaryOperator<AuditTrail> audit,
            Consumer<Connection> opened,
            Function<Executor.Report, Map<String, Object>> reported,
            Optional<RunRequest.Runner> runner) {
        static final Extras NONE = new Extras(SavedRun.NONE, a -> a, c -> {}, r -> Map.of(), Optional.empty());
    }

    static int runAndReport(
            Session session,
            ConnectionOptions connection,
            Plan plan,
            Executor.Mode mode,
            boolean yes,
            boolean breakLock,
            Runnable beforeAws) {
        return runAndReport(session, connection, plan, mode, yes, breakLock, Duration.ZERO, beforeAws, Extras.NONE);
    }

    /**
     * What {@code run} and {@code plan --live} share: the plan shown, then (after {@code
     * beforeAws}, the last chance to refuse offline) the connection, the live run and its summary;
     * under {@code --output json} one document on stdout and the operator's lines on stderr.
     *
     * @return the exit code
     */
    static int runAndReport(
            Session session,
            ConnectionOptions connection,
            Plan plan,
            Executor.Mode mode,
            boolean yes,
            boolean breakLock,
            Duration lockTimeout,
            Runnable beforeAws,
            Extras extras) {
        boolean json = session.global.json();
        Diagnostics diagnostics = session.diagnostics();
        PrintWriter human = diagnostics.human(session.out(), json);
        // Every line of a run carries names, keys, tags and messages from AWS or the runbook: each is
        // escaped whole on its way to the terminal, so no value can break a line or drive the terminal.
        Consumer<String> say = line -> {
            human.println(Printable.of(line));
            human.flush();
        };
        PlanPreview preview = (extras.runner().isPresent()
                        ? PlanPreview.forRunner(session, plan)
                        : PlanPreview.of(session, connection, plan, yes))
                .approvedBy(extras.saved().approvers());
        if (!json && !diagnostics.quiet()) {
            new PlanRenderer(session.style(), session.out()).render(preview, false);
        }
        beforeAws.run();
        Executor.Report report;
        try (ProgressBoard board = RunProgress.board(session, json, say);
                Connections.Opened opened = extras.runner().isPresent()
                        ? Connections.openForRunner(connection, session, RunProgress.printing(board, say))
                        : Connections.open(connection, session, RunProgress.printing(board, say))) {
            extras.opened().accept(opened.connection());
            report = new Pipeline(context(session, opened.connection(), say, extras.audit(), board))
                    .run(new RunRequest(
                                    plan,
                                    mode,
                                    yes,
                                    breakLock,
                                    connection.mfaCode(),
                                    connection.mfaCommand(),
                                    lockTimeout)
                            .saving(extras.saved())
                            .runAs(extras.runner()));
        }
        say.accept("");
        say.accept((report.exitCode() == ExitCode.OK ? "Done: " : "Stopped: ") + report.summary() + " (exit code "
                + report.exitCode() + ")");
        diagnostics.stopped(report.exitCode(), report.summary());
        Map<String, Object> added = extras.reported().apply(report);
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("plan", PlanJson.of(preview));
            doc.put("result", ReportJson.of(report));
            doc.putAll(added);
            Json.write(session.out(), doc);
        }
        return report.exitCode();
    }

    /** The run's context, as the pipeline sees it: built from the session and the opened connection. */
    private static RunContext context(
            Session session,
            Connection connection,
            Consumer<String> say,
            UnaryOperator<AuditTrail> audit,
            ProgressBoard board) {
        // The lock's, the audit log's and the retries' lines: one each on stderr, at once.
        Consumer<String> warn = RunProgress.printing(board, session.diagnostics()::warning);
        return new RunContext(
                connection,
                session.actions(),
                session.config(),
                session.context.env(),
                session.context.terminal(),
                session::sessionCache,
                session.diagnostics()
                        .trail(audit.apply(new RunAudit(session.config().auditLog(), warn))),
                Interrupt.SWITCH,
                RunProgress.printing(board, say),
                warn,
                board == null ? Progress.NONE : board);
    }
}
