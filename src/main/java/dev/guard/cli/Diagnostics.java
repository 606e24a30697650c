package dev.guard.cli;

import dev.guard.audit.AuditEvent;
import dev.guard.audit.AuditTrail;
import dev.guard.audit.EventLog;
import java.io.PrintWriter;
import java.io.Writer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What guard says on stderr besides a person's progress lines: warnings, the final error, and under
 * {@code --log-format json} the run's events, each one JSON object per line. Under {@code --quiet}
 * nothing is said on success: warnings are held back and shown only before the error, or the run's
 * "Stopped:" line, when the command fails. One per command line (see {@link
 * GuardCommand#diagnostics}); thread-safe, as a bulk step's batches report from their own threads.
 */
final class Diagnostics {
    /** Where the lines nobody asked for go. */
    static final PrintWriter NOWHERE = new PrintWriter(Writer.nullWriter());

    private final PrintWriter err;
    private final boolean quiet;
    private final boolean jsonLog;
    private final EventLog lines;
    private final List<String> held = new ArrayList<>();

    Diagnostics(PrintWriter err, GlobalOptions global, Clock clock) {
        this.err = err;
        this.quiet = global.quiet;
        this.jsonLog = global.jsonLog();
        this.lines = new EventLog(AuditTrail.NONE, clock, this::print);
    }

    boolean quiet() {
        return quiet;
    }

    /**
     * A warning, shown as {@code guard: LINE}; the caller has escaped what came from AWS or a runbook
     * (JSON keeps its own escapes). A leading {@code warning: } is the level in JSON.
     */
    synchronized void warning(String line) {
        String text = jsonLog
                ? lines.line("warning", "warning", Map.of("message", line.replaceFirst("^warning: ", "")))
                : "guard: " + line;
        if (quiet) {
            held.add(text);
        } else {
            print(text);
        }
    }

    /**
     * A line a command prints on stderr as it is ({@code shown}, escaped): a problem it found
     * ({@code error}, never held back) or a warning (held back under --quiet). Under {@code
     * --log-format json} an {@code error} or {@code warning} object with the {@code raw} text.
     */
    synchronized void line(boolean problem, String shown, String raw) {
        if (problem) {
            release();
            print(jsonLog ? lines.line("error", "error", Map.of("message", raw)) : shown);
        } else if (jsonLog) {
            warning(raw);
        } else if (quiet) {
            held.add(shown);
        } else {
            print(shown);
        }
    }

    /**
     * The error a command ends with: its lines as given (text) or one {@code error} object; held
     * warnings first, since they may explain it.
     *
     * @param trace with {@code --debug}: the stack trace, escaped line by line (text) or one field (JSON)
     */
    synchronized void error(int exitCode, List<String> text, List<String> raw, List<String> trace) {
        release();
        if (!jsonLog) {
            text.forEach(this::print);
            trace.forEach(this::print);
            return;
        }
        Map<String, Object> fields = AuditEvent.ordered("exitCode", exitCode, "message", String.join("\n", raw));
        if (!trace.isEmpty()) {
            fields.put("trace", String.join("\n", trace));
        }
        print(lines.line("error", "error", fields));
    }

    /**
     * Under {@code --quiet}, a run that reported and did not succeed: its one summary line (the run's
     * {@code run.end} under {@code --log-format json}). Without {@code --quiet} the run has shown it.
     */
    synchronized void stopped(int exitCode, String summary) {
        if (!quiet || exitCode == 0) {
            return;
        }
        release();
        print(
                jsonLog
                        ? lines.line("error", "run.end", AuditEvent.ordered("exitCode", exitCode, "summary", summary))
                        : "Stopped: " + summary + " (exit code " + exitCode + ")");
    }

    /** The run's audit trail, logged on stderr too under {@code --log-format json} (not under --quiet). */
    AuditTrail trail(AuditTrail audit) {
        return jsonLog && !quiet ? new EventLog(audit, Clock.systemUTC(), this::print) : audit;
    }

    /**
     * Where a person's lines go (the plan, progress, outcomes): stdout, or stderr under {@code --output
     * json}; nowhere under {@code --quiet}, or when stderr is the JSON log.
     */
    PrintWriter human(PrintWriter out, boolean jsonOutput) {
        if (quiet) {
            return NOWHERE;
        }
        if (!jsonOutput) {
            return out;
        }
        return jsonLog ? NOWHERE : err;
    }

    private void release() {
        held.forEach(this::print);
        held.clear();
    }

    private synchronized void print(String line) {
        err.println(line);
        err.flush();
    }
}
