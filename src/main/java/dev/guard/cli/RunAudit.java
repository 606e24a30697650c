package dev.guard.cli;

import dev.guard.audit.AuditLog;
import dev.guard.error.ExitCode;
import dev.guard.error.GuardException;
import dev.guard.lock.Owner;
import dev.guard.run.Audit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * One run's view of the audit log: every record carries the run's id; {@code run.start} names the
 * process (pid, host, start time) so a run that never ends can be told from one still running; a
 * record that cannot be written stops the run (exit 1) before anything else changes; a run that
 * fails after it started still gets its {@code run.end}, with the error. Synchronized: bulk
 * operations record each batch from their own threads.
 */
final class RunAudit implements Audit {
    private final AuditLog log;
    private final Consumer<String> warnings;
    private boolean started;
    private boolean ended;

    /** @param warnings one line each for the operator (stderr): what the log fixed, earlier runs that never ended */
    RunAudit(Path file, Consumer<String> warnings) {
        this.log = new AuditLog(file, Clock.systemUTC(), UUID.randomUUID().toString(), warnings);
        this.warnings = warnings;
    }

    @Override
    public synchronized void record(String event, Map<String, Object> fields) {
        Map<String, Object> all = fields;
        if (event.equals("run.start")) {
            Owner me = Owner.current();
            all = new LinkedHashMap<>(fields);
            all.put("pid", me.pid());
            all.put("host", me.host());
            all.put("processStart", me.processStart().map(Object::toString).orElse(null));
        }
        try {
            log.append(event, all);
        } catch (AuditLog.Refused e) {
            throw new GuardException(
                    ExitCode.ACTION_FAILED, e.getMessage() + "; guard does not act unaudited, so the run stopped here");
        } catch (IOException e) {
            throw new GuardException(
                    ExitCode.ACTION_FAILED,
                    "could not write the audit log " + log.file() + " (" + why(e)
                            + "); guard does not act unaudited, so the run stopped here");
        }
        started |= event.equals("run.start");
        ended |= event.equals("run.end");
        if (event.equals("run.start")) {
            noteInterruptedRuns();
        }
    }

    /**
     * Warns, once, about earlier runs that started and never ended (killed mid-run): what they
     * changed is only partly known, so the operator should look before relying on the state.
     */
    private void noteInterruptedRuns() {
        if (!Files.isRegularFile(log.file(), LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        AuditLog.Verification v;
        try {
            v = AuditLog.verify(log.file());
        } catch (IOException e) {
            return; // the run's own records went in; verify will say what is wrong with the file
        }
        for (AuditLog.Unfinished u : v.interrupted()) {
            if (u.noted()) {
                continue;
            }
            warnings.accept("warning: " + u.describe() + ". What it changed is known only up to there:"
                    + " check before relying on it (guard audit verify lists such runs)");
            Map<String, Object> note = new LinkedHashMap<>();
            note.put("interruptedRun", u.run());
            note.put("runbook", u.runbook());
            note.put("lastLine", u.lastLine());
            note.put("lastEvent", u.lastEvent());
            record(AuditLog.INTERRUPTED, note);
        }
    }

    /** Ends a started run with the error that stopped it; never throws over the original error. */
    synchronized void failed(int exitCode, String error) {
        end(Map.of("exitCode", exitCode, "error", error));
    }

    /** Ends a started run cancelled at a prompt (Ctrl-C): exit code 130. */
    synchronized void cancelled(String summary) {
        end(Map.of("exitCode", ExitCode.INTERRUPTED, "cancelled", true, "summary", summary));
    }

    private synchronized void end(Map<String, Object> fields) {
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

    /** Why a file could not be written, in the operator's words rather than a Java class name. */
    static String why(IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.FileAlreadyExistsException f) {
            return f.getFile() + " is a file where a directory should be";
        }
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such directory";
        }
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            String reason = f.getReason();
            return reason.isEmpty()
                    ? "file system error"
                    : Character.toLowerCase(reason.charAt(0)) + reason.substring(1);
        }
        return "I/O error";
    }
}
