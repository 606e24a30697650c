package dev.guard.error;

/** guard's exit codes (DESIGN.md §4), documented in {@code --help} and the README. */
public final class ExitCode {
    public static final int OK = 0;
    /** An action failed. Also used for internal errors (a bug: rerun with --debug and report it). */
    public static final int ACTION_FAILED = 1;
    /** Invalid input: runbook, parameters, flags or config. Nothing was changed. */
    public static final int INVALID_INPUT = 2;
    /** Aborted or declined at the confirmation, or no terminal to confirm on. */
    public static final int ABORTED = 3;
    /** Authentication or MFA failure. */
    public static final int AUTH_FAILED = 4;
    /** Some targets succeeded, others failed. */
    public static final int PARTIAL = 5;
    /** The command exists but is not available in this version yet. */
    public static final int NOT_AVAILABLE = 6;
    /**
     * A resource (or a saved plan) is locked by another guard run, live or killed, at once or after
     * {@code --lock-timeout}: a scheduler can tell "someone else is on it" from a failure.
     */
    public static final int LOCKED = 7;
    /**
     * A saved plan that may not be applied: expired, edited since it was saved, its runbook or config
     * changed, another account, or already applied. Nothing was changed. (Targets that drifted since
     * the plan are {@link #ABORTED}, like a guard's refusal.)
     */
    public static final int PLAN_REFUSED = 8;
    /** A saved plan lacks the approvals its runbook requires (or the approvals store cannot be read). */
    public static final int NOT_APPROVED = 9;
    /** Stopped by Ctrl-C: at a prompt (nothing more happens), or mid-run (at the next safe point). */
    public static final int INTERRUPTED = 130;

    private ExitCode() {}
}
