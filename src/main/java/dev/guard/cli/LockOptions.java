package dev.guard.cli;

import dev.guard.lock.LockTimeout;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The lock options of the commands that change things ({@code run}, {@code apply}). */
final class LockOptions {
    @Option(
            names = "--break-lock",
            description = "Take over a run lock left by a guard run that was killed or crashed (guard names it and"
                    + " refuses without this), here or in the shared lock table. A lock held by a run that is still"
                    + " running is never taken. guard unlock clears one without running.")
    boolean breakLock;

    @Option(
            names = "--lock-timeout",
            paramLabel = "DURATION",
            description = "Wait this long (30s, 5m, 1h) for a lock another running guard run holds on these resources"
                    + " instead of stopping at once (exit 7). A lock left by a run that died is reported at once.")
    String lockTimeout;

    /** {@code --lock-timeout}, zero when not given; a bad value is exit 2 before anything else happens. */
    Duration timeout() {
        return lockTimeout == null ? Duration.ZERO : LockTimeout.parse(lockTimeout);
    }
}
