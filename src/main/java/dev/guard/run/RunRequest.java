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
 */
public record RunRequest(
        Plan plan,
        Executor.Mode mode,
        boolean yes,
        boolean breakLock,
        Optional<String> mfaCode,
        Optional<String> mfaCommand,
        Duration lockTimeout) {}
