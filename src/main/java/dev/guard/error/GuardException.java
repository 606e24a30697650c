package dev.guard.error;

import java.util.List;

/**
 * An error a user can act on: one or more lines to print as they are, and the exit code. Never
 * carries a secret. The CLI prints it without a stack trace (unless --debug).
 */
public class GuardException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int exitCode;
    private final List<String> lines;

    public GuardException(int exitCode, String message) {
        this(exitCode, List.of(message));
    }

    public GuardException(int exitCode, List<String> lines) {
        super(String.join("\n", lines));
        this.exitCode = exitCode;
        this.lines = List.copyOf(lines);
    }

    public int exitCode() {
        return exitCode;
    }

    /** Lines already formatted for the user (e.g. {@code file:line:col: message}). */
    public List<String> lines() {
        return lines;
    }

    public static GuardException invalid(String message) {
        return new GuardException(ExitCode.INVALID_INPUT, message);
    }
}
