package dev.guard.lock;

/**
 * Who takes a lock, as the lock names it to the run it refuses: the runbook, the operating-system
 * user and the guard command. The command is built from a safe list (the subcommand and its
 * runbook or plan file), never from the command line, which may hold an MFA code.
 *
 * @param runbook the runbook's name
 * @param user the operating-system user running guard
 * @param command e.g. {@code guard run runbooks/purge.yaml}
 */
public record LockHolder(String runbook, String user, String command) {
    /** This process's user running {@code guard SUBCOMMAND FILE}. */
    public static LockHolder of(String runbook, String subcommand, String file) {
        return new LockHolder(runbook, System.getProperty("user.name", "?"), "guard " + subcommand + " " + file);
    }
}
