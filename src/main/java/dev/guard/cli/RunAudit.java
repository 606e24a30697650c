package dev.guard.cli;

import dev.guard.audit.AuditLog;
import dev.guard.engine.ExitCode;
import dev.guard.engine.GuardException;
import dev.guard.exec.Audit;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;

/**
 * One run's view of the audit log: every record carries the run's id; a record that cannot be
 * written stops the run (exit 1) before anything else changes; a run that fails after it started
 * still gets its {@code run.end}, with the error.
 */
final class RunAudit implements Audit {
    private final AuditLog log;
    private boolean started;
    private boolean ended;

    RunAudit(Path file) {
        this.log = new AuditLog(file, Clock.systemUTC(), UUID.randomUUID().toString());
    }

    @Override
    public void record(String event, Map<String, Object> fields) {
        try {
            log.append(event, fields);
        } catch (IOException e) {
            throw new GuardException(
                    ExitCode.ACTION_FAILED,
                    "could not write the audit log " + log.file() + " ("
                            + e.getClass().getSimpleName()
                            + "); guard does not act unaudited, so the run stopped here");
        }
        started |= event.equals("run.start");
        ended |= event.equals("run.end");
    }

    /** Ends a started run with the error that stopped it; never throws over the original error. */
    void failed(int exitCode, String error) {
        end(Map.of("exitCode", exitCode, "error", error));
    }

    /** Ends a started run cancelled at a prompt (Ctrl-C): exit code 130. */
    void cancelled(String summary) {
        end(Map.of("exitCode", ExitCode.INTERRUPTED, "cancelled", true, "summary", summary));
    }

    private void end(Map<String, Object> fields) {
        if (!started || ended) {
            return;
        }
        try {
            log.append("run.end", fields);
            ended = true;
        } catch (IOException | RuntimeException e) {
            // the original error is what the operator must see
        }
    }
}
