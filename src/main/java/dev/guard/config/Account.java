package dev.guard.config;

import java.util.Comparator;
import java.util.Optional;

/**
 * An AWS account guard may act in. {@code alias} is the name runbooks use; an account a runbook
 * names only by id has its id as alias. {@code protectedAccount} accounts always need a typed
 * confirmation on a terminal.
 *
 * @param runnerRole the role (name or ARN) the unattended runner's own identity assumes here,
 *     without MFA, for approved plans ({@code accounts.ALIAS.runnerRole}); empty: {@code
 *     defaults.runnerRole}
 */
public record Account(
        String alias, String id, Optional<String> role, boolean protectedAccount, Optional<String> runnerRole) {
    public Account {
        java.util.Objects.requireNonNull(runnerRole, "runnerRole");
    }

    /** An account without a runner role of its own. */
    public Account(String alias, String id, Optional<String> role, boolean protectedAccount) {
        this(alias, id, role, protectedAccount, Optional.empty());
    }

    /** Accounts in alias order (a named class, not a lambda: start-up, see README). */
    public static final Comparator<Account> BY_ALIAS = new ByAlias();

    private static final class ByAlias implements Comparator<Account> {
        @Override
        public int compare(Account a, Account b) {
            return a.alias().compareTo(b.alias());
        }
    }

    /** "development (222222222222)", or just the id when there is no alias. */
    public String label() {
        return alias.equals(id) ? id : alias + " (" + id + ")";
    }
}
