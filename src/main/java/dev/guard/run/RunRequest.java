package dev.guard.run;

import dev.guard.plan.Plan;
import java.time.Duration;
import java.util.Objects;
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
 * @param runner present when the run acts with the unattended runner's own identity instead of
 *     an operator's MFA (DESIGN.md §7)
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
        Optional<Runner> runner,
        SavedRun saved) {

    /**
     * The runner's own identity (SDK default chain, no MFA) acting for one saved plan. It may change
     * anything only when the caller has checked that the plan's approvals are satisfied: approvals,
     * made with MFA on terminals, are what stand in for the MFA this mode never presents.
     *
     * @param planId the saved plan's id: named in every role session (CloudTrail)
     * @param approved whether the plan's required approvals were verified; without them the
     *     pipeline refuses to execute (exit 9) before any AWS call
     */
    public record Runner(String planId, boolean approved) {
        public Runner {
            Objects.requireNonNull(planId, "planId");
            if (planId.isBlank()) {
                throw new IllegalArgumentException("a runner acts for a saved plan: planId must not be blank");
            }
        }

        /** For a plan whose approvals the caller verified. */
        public static Runner approved(String planId) {
            return new Runner(planId, true);
        }
    }

    public RunRequest {
        Objects.requireNonNull(runner, "runner");
        Objects.requireNonNull(saved, "saved");
    }

    /** An operator's run (MFA as the credential plan says) of no saved plan. */
    public RunRequest(
            Plan plan,
            Executor.Mode mode,
            boolean yes,
            boolean breakLock,
            Optional<String> mfaCode,
            Optional<String> mfaCommand,
            Duration lockTimeout) {
        this(plan, mode, yes, breakLock, mfaCode, mfaCommand, lockTimeout, Optional.empty(), SavedRun.NONE);
    }

    /** The same request, for a saved plan. */
    public RunRequest saving(SavedRun saved) {
        return new RunRequest(plan, mode, yes, breakLock, mfaCode, mfaCommand, lockTimeout, runner, saved);
    }

    /** The same request, acting as the unattended runner when {@code runner} is present. */
    public RunRequest runAs(Optional<Runner> runner) {
        return new RunRequest(plan, mode, yes, breakLock, mfaCode, mfaCommand, lockTimeout, runner, saved);
    }
}
