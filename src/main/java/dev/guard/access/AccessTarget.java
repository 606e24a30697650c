package dev.guard.access;

import dev.guard.config.Account;
import dev.guard.config.GuardConfig;
import dev.guard.error.GuardException;
import dev.guard.runbook.AwsIdentifiers;
import java.util.Optional;

/**
 * Where ad-hoc credentials act: the MFA session itself (no account), or a role in an account,
 * assumed from that session.
 *
 * @param account the account named; empty for the MFA session itself
 * @param roleArn the role assumed; empty when the MFA session itself is handed out
 */
public record AccessTarget(Optional<Account> account, Optional<String> roleArn) {
    /**
     * Resolves {@code --account} and {@code --role} as a run would: the role the config names for
     * the account ({@code accounts.X.role}, else {@code defaults.role} outside your own account),
     * which {@code --role} (a name or an ARN) overrides.
     *
     * @param limited whether a session policy was asked for: it needs a role (GetSessionToken
     *     takes none)
     * @throws GuardException (invalid input) for an unknown account, a malformed role, or a role
     *     in another account
     */
    public static AccessTarget resolve(
            GuardConfig config, Optional<String> accountName, Optional<String> role, boolean limited) {
        role.ifPresent(r -> AwsIdentifiers.role(r).ifPresent(why -> {
            throw GuardException.invalid("--role: " + why);
        }));
        Optional<String> arnAccount = role.flatMap(AwsIdentifiers::roleArnAccount);
        Optional<String> named = accountName.or(() -> arnAccount);
        if (named.isEmpty()) {
            if (role.isPresent()) {
                throw GuardException.invalid(
                        "--role " + role.get() + " names no account: give --account, or the role's full ARN");
            }
            if (limited) {
                throw GuardException.invalid("--read-only and --session-policy need --account: they limit a role"
                        + " session (AssumeRole), and the MFA session itself (GetSessionToken) takes no session"
                        + " policy");
            }
            return new AccessTarget(Optional.empty(), Optional.empty());
        }
        Account account = config.account(named.get())
                .orElseThrow(() -> GuardException.invalid(
                        "--account " + named.get() + ": " + known(config) + ", nor a 12-digit account id"));
        if (arnAccount.isPresent() && !arnAccount.get().equals(account.id())) {
            throw GuardException.invalid(
                    "--role " + role.get() + " is in account " + arnAccount.get() + ", not in " + account.label());
        }
        // As in a run: defaults.role is for the accounts reached through a role; in your own account
        // the MFA session itself acts, unless a role is named.
        boolean home =
                config.identity().accountId().filter(account.id()::equals).isPresent();
        Optional<String> roleArn = role.or(account::role)
                .or(() -> home ? Optional.empty() : config.defaultRole())
                .map(r -> AwsIdentifiers.roleArn(account.id(), r));
        if (roleArn.isEmpty() && limited) {
            throw GuardException.invalid("--read-only and --session-policy limit a role session, and " + account.label()
                    + " has no role in the config: give --role");
        }
        return new AccessTarget(Optional.of(account), roleArn);
    }

    private static String known(GuardConfig config) {
        return config.source()
                .map(f -> "not an account of " + f + " ("
                        + String.join(
                                ", ", new java.util.TreeSet<>(config.accounts().keySet())) + ")")
                .orElse("no config file names accounts (looked for --config, GUARD_CONFIG, ./config/guard.yaml,"
                        + " ~/.config/guard/config.yaml)");
    }

    /** The marker a child's environment carries: the account's alias, or "session". */
    public String marker() {
        return account.map(Account::alias).orElse("session");
    }
}
