package dev.guard.action;

import dev.guard.error.ExitCode;

/**
 * A step could not be carried out before anything changed: discovery failed, a named target does
 * not exist. Carries the exit code; never a secret.
 */
public final class StepFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int exitCode;

    public StepFailure(String message) {
        this(ExitCode.ACTION_FAILED, message);
    }

    public StepFailure(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
