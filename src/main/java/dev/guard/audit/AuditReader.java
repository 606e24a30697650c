package dev.guard.audit;

import dev.guard.error.ExitCode;
import dev.guard.error.GuardException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads the audit log back to verify it. Here, next to the writer, because what counts as the log
 * (a regular file where the config says, never a link followed elsewhere) is the log's own rule,
 * not the command's that prints the result.
 */
public final class AuditReader {
    private AuditReader() {}

    /** The log's chain, read only from a regular file at {@code log}; one clear line when it is not one. */
    public static AuditLog.Verification verify(Path log) {
        if (Files.isSymbolicLink(log)) {
            throw GuardException.invalid(log + " is a symbolic link; guard reads the audit log only where it is");
        }
        if (Files.isDirectory(log)) {
            throw GuardException.invalid(log + " is a directory, not an audit log");
        }
        if (Files.exists(log) && !Files.isRegularFile(log)) {
            throw GuardException.invalid(log + " is not a regular file (a device, pipe or socket), not an audit log");
        }
        if (!Files.isRegularFile(log)) {
            throw GuardException.invalid("no audit log at " + log + " (nothing has been run yet?)");
        }
        try {
            return AuditLog.verify(log);
        } catch (IOException e) {
            throw new GuardException(ExitCode.ACTION_FAILED, "could not read " + log + ": " + e.getMessage());
        }
    }
}
