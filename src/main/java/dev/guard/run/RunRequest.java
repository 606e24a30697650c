package dev.guard.run;

import dev.guard.plan.Plan;
import java.time.Duration;
import java.util.Optional;

/**
 * What to run and how far: the offline plan, the mode, and the operator's options.
 *
 * @param yes {@code --yes}, already checked against {@code unattended: true}
 * @param breakLock take over locks left by runs that were killed ({@code --break-lock})
 * @param mfaCode {@code --mfa-code}: used once at most
 * @param mfaCommand {@code --mfa-command}: prints a code
 * @param lockTimeout {@code --lock-timeout}: how long to wait for a lock another run holds (zero:
 *     refuse at once)
 * @param saved what a saved plan adds ({@code plan -o}, {@code apply}); {@link SavedRun#NONE} otherwise
 */
public record RunRequest(
        Plan plan,
        Executor.Mode mode,
        boolean yes,
        boolean breakLock,
        Optional<String> mfaCode,
        Optional<String> mfaCommand,
        Duration lockTimeout,
        SavedRun saved) {
    /** A run of no saved plan. */
    public RunRequest(
            Plan plan,
            Executor.Mode mode,
            boolean yes,
            boolean breakLock,
            Optional<String> mfaCode,
            Optional<String> mfaCommand,
            Duration lockTimeout) {
        this(plan, mode, yes, breakLock, mfaCode, mfaCommand, lockTimeout, SavedRun.NONE);
    }

    /** The same request, for a saved plan. */
    public RunRequest saving(SavedRun saved) {
        return new RunRequest(plan, mode, yes, breakLock, mfaCode, mfaCommand, lockTimeout, saved);
    }
}
