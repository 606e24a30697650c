package dev.guard.access;

import dev.guard.audit.AuditLog;
import dev.guard.audit.RunAudit;
import dev.guard.config.Account;
import dev.guard.error.ExitCode;
import dev.guard.error.GuardException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The one audit line of each ad-hoc use ({@code event: access}): who, where, with which limits, by
 * which kind of use, and the name of the command run — never its arguments (they may hold anything)
 * and never a secret. Written before the credentials are handed out: none are given unaudited.
 */
public final class AccessAudit {
    /** How the credentials were handed out. */
    public enum Kind {
        EXEC("exec"),
        ENV("env"),
        CREDENTIAL_PROCESS("credential-process");

        private final String word;

        Kind(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }
    }

    private AccessAudit() {}

    /**
     * @param command the command {@code guard exec} runs; only the base name of its first word is kept
     * @param endpoint where guard talked to ("aws" for AWS itself)
     * @throws GuardException (action failed) when the log cannot be written: nothing is handed out
     */
    public static void record(
            Path log,
            Kind kind,
            AdHocAccess.Granted granted,
            Optional<SessionPolicy> policy,
            Optional<String> command,
            String endpoint) {
        try {
            new AuditLog(log, Clock.systemUTC(), UUID.randomUUID().toString())
                    .append("access", fields(kind, granted, policy, command, endpoint));
        } catch (IOException e) {
            throw new GuardException(
                    ExitCode.ACTION_FAILED,
                    "could not write the audit log " + log + " (" + RunAudit.why(e)
                            + "); guard hands out no credentials unaudited");
        }
    }

    static Map<String, Object> fields(
            Kind kind,
            AdHocAccess.Granted granted,
            Optional<SessionPolicy> policy,
            Optional<String> command,
            String endpoint) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("kind", kind.word());
        f.put("caller", granted.callerArn());
        f.put("account", granted.target().account().map(Account::id).orElse("own (MFA session)"));
        granted.target().account().ifPresent(a -> f.put("accountAlias", a.alias()));
        f.put("role", granted.target().roleArn().orElse("none (MFA session)"));
        f.put("sessionPolicy", policy.map(SessionPolicy::label).orElse("none"));
        command.map(AccessAudit::commandName).ifPresent(c -> f.put("command", c));
        f.put("expires", granted.credentials().expiration().toString());
        f.put("endpoint", endpoint);
        return f;
    }

    /**
     * The base name of a command's first word: "/usr/bin/aws" is "aws". A word that is no plain
     * command name (a mistaken {@code AWS_SECRET_ACCESS_KEY=...} in its place) is not written down.
     */
    public static String commandName(String argv0) {
        String name = argv0.substring(argv0.lastIndexOf('/') + 1);
        boolean plain = argv0.matches("[A-Za-z0-9._+/-]{1,4096}") && name.matches("[A-Za-z0-9._+-]{1,64}");
        return plain ? name : "(not a plain command name)";
    }
}
