package dev.guard.audit;

import dev.guard.error.ExitCode;
import dev.guard.error.GuardException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * One run's audit trail in the audit log: every record carries the run's id; a record that cannot
 * be written stops the run (exit 1) before anything else changes; once {@code run.start} is in,
 * earlier runs that never ended are noted (once); a run that fails after it started still gets its
 * {@code run.end}, with the error. Synchronized: bulk operations write each batch from their own
 * threads.
 */
public final class RunAudit implements AuditTrail {
    private final AuditLog log;
    private final Consumer<String> warnings;
    private boolean started;
    private boolean ended;

    /** @param warnings one line each for the operator (stderr): what the log fixed, earlier runs that never ended */
    public RunAudit(Path file, Consumer<String> warnings) {
        this.log = new AuditLog(file, Clock.systemUTC(), UUID.randomUUID().toString(), warnings);
        this.warnings = warnings;
    }

    @Override
    public synchronized void write(AuditEvent event) {
        if (event instanceof AuditEvent.Cancelled || event instanceof AuditEvent.Failed) {
            end(event);
            return;
        }
        try {
            log.append(event.name(), event.fields());
        } catch (AuditLog.Refused e) {
            throw new GuardException(
                    ExitCode.ACTION_FAILED, e.getMessage() + "; guard does not act unaudited, so the run stopped here");
        } catch (IOException e) {
            throw new GuardException(
                    ExitCode.ACTION_FAILED,
                    "could not write the audit log " + log.file() + " (" + why(e)
                            + "); guard does not act unaudited, so the run stopped here");
        }
        started |= event instanceof AuditEvent.RunStart;
        ended |= event instanceof AuditEvent.Ending;
        if (event instanceof AuditEvent.RunStart) {
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
            write(new AuditEvent.Interrupted(u.run(), u.runbook(), u.lastLine(), u.lastEvent()));
        }
    }

    /** Ends a started run with the error that stopped it; never throws over the original error. */
    private void end(AuditEvent ending) {
        if (!started || ended) {
            return;
        }
        try {
            log.append(ending.name(), ending.fields());
            ended = true;
        } catch (IOException | RuntimeException e) {
            // the original error is what the operator must see
        }
    }

    /** Why a file could not be written, in the operator's words rather than a Java class name. */
    public static String why(IOException e) {
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
