package dev.guard.cli;

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
import dev.guard.term.Printable;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What {@code run} and {@code plan --live} share once the plan is made offline: show it, open the
 * connection, build the run's context, hand it to the {@link Pipeline} and render its report.
 */
final class LiveRun {
    private LiveRun() {}

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
            Runnable beforeAws) {
        return runAndReport(session, connection, plan, mode, yes, breakLock, Duration.ZERO, beforeAws);
    }

    /** As above, waiting up to {@code lockTimeout} for a lock another live run holds ({@code --lock-timeout}). */
    static int runAndReport(
            Session session,
            ConnectionOptions connection,
            Plan plan,
            Executor.Mode mode,
            boolean yes,
            boolean breakLock,
            Duration lockTimeout,
            Runnable beforeAws) {
        boolean json = session.global.json();
        PrintWriter human = json ? session.err() : session.out();
        // Every line of a run carries names, keys, tags and messages from AWS or the runbook: each is
        // escaped whole on its way to the terminal, so no value can break a line or drive the terminal.
        Consumer<String> say = line -> {
            human.println(Printable.of(line));
            human.flush();
        };
        PlanPreview preview = PlanPreview.of(session, connection, plan, yes);
        if (!json) {
            new PlanRenderer(session.style(), session.out()).render(preview, false);
        }
        beforeAws.run();
        Executor.Report report;
        try (Connections.Opened opened = Connections.open(connection, session, say)) {
            report = new Pipeline(context(session, opened.connection(), say))
                    .run(new RunRequest(
                            plan, mode, yes, breakLock, connection.mfaCode(), connection.mfaCommand(), lockTimeout));
        }
        say.accept("");
        say.accept((report.exitCode() == ExitCode.OK ? "Done: " : "Stopped: ") + report.summary() + " (exit code "
                + report.exitCode() + ")");
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("plan", PlanJson.of(preview));
            doc.put("result", ReportJson.of(report));
            Json.write(session.out(), doc);
        }
        return report.exitCode();
    }

    /** The run's context, as the pipeline sees it: built from the session and the opened connection. */
    private static RunContext context(Session session, Connection connection, Consumer<String> say) {
        // The lock's, the audit log's and the retries' lines: one each on stderr, at once.
        Consumer<String> warn = line -> {
            session.err().println("guard: " + line);
            session.err().flush();
        };
        return new RunContext(
                connection,
                session.actions(),
                session.config(),
                session.context.env(),
                session.context.terminal(),
                session::sessionCache,
                new RunAudit(session.config().auditLog(), warn),
                Interrupt.SWITCH,
                say,
                warn);
    }
}
