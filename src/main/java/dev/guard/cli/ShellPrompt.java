package dev.guard.cli;

import dev.guard.config.Account;
import dev.guard.credentials.CallerSession;
import dev.guard.credentials.Connection;
import dev.guard.credentials.CredentialBroker;
import dev.guard.credentials.SessionCache;
import dev.guard.term.Printable;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The shell's prompt: who the shell acts as and how long its MFA session has left,
 * {@code alice@identity mfa 11h52m > }, or {@code alice@identity > } before the first MFA code.
 * Worked out again before every prompt, so a command that asked for a code shows in the next one.
 * The caller is asked of STS once (GetCallerIdentity, no MFA); if that fails the prompt is
 * {@code guard> } and the shell works as before.
 */
final class ShellPrompt {
    static final String PLAIN = "guard> ";

    private final Session session;
    private final Connection connection;
    private final Supplier<Optional<CredentialBroker.Caller>> identify;
    private Optional<CredentialBroker.Caller> caller;

    ShellPrompt(Session session, Connection connection) {
        this(session, connection, () -> identify(session, connection));
    }

    ShellPrompt(Session session, Connection connection, Supplier<Optional<CredentialBroker.Caller>> identify) {
        this.session = session;
        this.connection = connection;
        this.identify = identify;
    }

    /** The prompt to show now. */
    String text() {
        if (caller == null) {
            caller = identify.get();
        }
        if (caller.isEmpty()) {
            return PLAIN;
        }
        CredentialBroker.Caller who = caller.get();
        Instant now = Instant.now();
        String left =
                expires(who).map(e -> " mfa " + left(Duration.between(now, e))).orElse("");
        return Printable.of(name(who.arn()) + "@" + account(who.accountId())) + left + " > ";
    }

    /** "11h52m", "52m": the time left, to the minute. */
    static String left(Duration d) {
        long minutes = Math.max(0, d.toMinutes());
        return minutes >= 60 ? minutes / 60 + "h" + String.format("%02dm", minutes % 60) : minutes + "m";
    }

    /** The user (or role session) name: the ARN's last path segment. */
    static String name(String arn) {
        return arn.substring(arn.lastIndexOf('/') + 1);
    }

    /** The config's alias of the account, or its id. */
    private String account(String id) {
        try {
            return session.config().accounts().values().stream()
                    .filter(a -> a.id().equals(id))
                    .map(Account::alias)
                    .findFirst()
                    .orElse(id);
        } catch (RuntimeException e) {
            return id; // an invalid config: the command that needs it says so
        }
    }

    /** When the shell's MFA session ends: the sandbox shell's in memory, else the newest on disk. */
    private Optional<Instant> expires(CredentialBroker.Caller who) {
        Optional<SessionCache.Entry> inMemory =
                connection.memorySessions().flatMap(CredentialBroker.MfaSessions::usable);
        if (inMemory.isPresent() || !connection.cacheSessions()) {
            return inMemory.map(SessionCache.Entry::expires);
        }
        try {
            Instant now = Instant.now();
            // Read quietly: a doubtful entry is reported by the command that would use it.
            return new SessionCache(session.context.env().cacheHome().resolve("guard/sessions"), line -> {})
                    .all(now).stream()
                            .filter(e -> e.key().callerArn().equals(who.arn())
                                    && e.key().endpoint().equals(connection.endpointName())
                                    && e.expires().isAfter(now.plus(SessionCache.MARGIN)))
                            .map(SessionCache.Entry::expires)
                            .max(Comparator.naturalOrder());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<CredentialBroker.Caller> identify(Session session, Connection connection) {
        try (CallerSession cs = session.callerSession(connection)) {
            return Optional.of(cs.broker().identify());
        } catch (RuntimeException e) {
            return Optional.empty(); // no credentials yet, or no network: the plain prompt
        }
    }
}
