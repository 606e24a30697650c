package dev.guard.cli;

import dev.guard.access.AccessAudit;
import dev.guard.access.AccessCredentials;
import dev.guard.access.AccessTarget;
import dev.guard.access.AdHocAccess;
import dev.guard.access.SessionPolicy;
import dev.guard.credentials.CallerSession;
import dev.guard.credentials.Connection;
import dev.guard.credentials.MfaCodeSource;
import dev.guard.credentials.MfaCodes;
import dev.guard.error.ExitCode;
import dev.guard.error.GuardException;
import dev.guard.runbook.AwsIdentifiers;
import dev.guard.term.ConsoleTerminal;
import dev.guard.term.DevTty;
import dev.guard.term.Printable;
import dev.guard.term.Terminal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What {@code exec}, {@code env} and {@code credential-process} share: refuse nesting and bad
 * options, open the connection, obtain the credentials from the MFA session, audit, then hand them
 * to {@code use} while the connection is open (a sandbox started for {@code exec} lives as long as
 * its child).
 */
final class AdHocAccessRun {
    /** Room for a pretty-printed policy of 2,048 characters and its indentation, and no more. */
    static final long MAX_POLICY_FILE_BYTES = 64 * 1024;

    private AdHocAccessRun() {}

    /** Where no prompt may be shown: asking it for a code finds no terminal. */
    private static final Terminal NO_TERMINAL = new Terminal() {
        @Override
        public boolean interactive() {
            return false;
        }

        @Override
        public Optional<String> readLine(String prompt) {
            return Optional.empty();
        }

        @Override
        public Optional<String> readSecret(String prompt) {
            return Optional.empty();
        }

        @Override
        public void println(String line) {}
    };

    static int run(
            Session session,
            ConnectionOptions connection,
            AccessOptions access,
            AccessAudit.Kind kind,
            Optional<String> command,
            Function<AccessCredentials, Integer> use) {
        Context context = session.context;
        AccessCredentials.nested(context.env().variables()).ifPresent(why -> {
            throw GuardException.invalid(why);
        });
        if (connection.sandbox && kind != AccessAudit.Kind.EXEC) {
            throw GuardException.invalid("guard " + kind.word() + " --sandbox would hand out credentials of a sandbox"
                    + " that ends with the command; start one with guard sandbox --port P and pass --endpoint-url");
        }
        Optional<SessionPolicy> policy = policy(context, access);
        String region = region(session, access);
        AccessTarget target = AccessTarget.resolve(
                session.config(),
                Optional.ofNullable(access.account),
                Optional.ofNullable(access.role),
                policy.isPresent());
        try (Connections.Opened opened = Connections.open(
                        connection, session, line -> session.err().println(line));
                CallerSession cs = session.callerSession(opened.connection())) {
            Connection c = opened.connection();
            AdHocAccess.Granted granted = new AdHocAccess(
                            cs,
                            session.config(),
                            c.cacheSessions() ? Optional.of(session.sessionCache()) : Optional.empty(),
                            line -> session.warning(Printable.of(line)))
                    .obtain(target, policy, codes(context, connection, c), region, kind);
            AccessAudit.record(session.config().auditLog(), kind, granted, policy, command, c.endpointName());
            return use.apply(granted.credentials());
        }
    }

    private static Optional<SessionPolicy> policy(Context context, AccessOptions access) {
        if (access.readOnly && access.sessionPolicy != null) {
            throw GuardException.invalid("give one of --read-only and --session-policy, not both");
        }
        if (access.readOnly) {
            return Optional.of(SessionPolicy.readOnly());
        }
        if (access.sessionPolicy == null) {
            return Optional.empty();
        }
        Path file = context.env().resolve(access.sessionPolicy);
        String named = "--session-policy " + file;
        // Checked before reading: /dev/zero or a log file given by mistake is refused, not read whole.
        if (!Files.isRegularFile(file)) {
            throw GuardException.invalid(named + ": " + (Files.exists(file) ? "not a regular file" : "no such file"));
        }
        try {
            long size = Files.size(file);
            if (size > MAX_POLICY_FILE_BYTES) {
                throw GuardException.invalid(named + ": " + size + " bytes; a session policy is at most "
                        + SessionPolicy.MAX_CHARACTERS + " characters once its spaces are dropped");
            }
            return Optional.of(SessionPolicy.fromFile(Files.readString(file), named));
        } catch (IOException e) {
            throw GuardException.invalid(
                    named + ": cannot read it (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static String region(Session session, AccessOptions access) {
        if (access.region != null) {
            AwsIdentifiers.region(access.region).ifPresent(why -> {
                throw GuardException.invalid("--region: " + why);
            });
            return access.region;
        }
        return session.config()
                .defaultRegion()
                .or(() -> session.context.env().get("AWS_REGION"))
                .orElse("us-east-1");
    }

    /**
     * The MFA code source, asked only when no MFA session is usable. A command whose output a
     * program reads (credential_process, {@code eval "$(guard env)"}) has no console: it prompts on
     * the controlling terminal, and without one says to log in first.
     */
    private static Supplier<MfaCodeSource> codes(Context context, ConnectionOptions o, Connection c) {
        return () -> {
            Terminal terminal = context.terminal();
            boolean background = terminal instanceof ConsoleTerminal && DevTty.inBackground();
            if (background) {
                // A background job (guard exec ... &) that read the terminal would be stopped by the
                // kernel holding the MFA-prompt lock, every other caller waiting behind it.
                terminal = NO_TERMINAL;
            } else if (!terminal.interactive() && terminal instanceof ConsoleTerminal) {
                terminal = DevTty.open().orElse(terminal);
            }
            return MfaCodes.choose(o.mfaCode(), o.mfaCommand(), context.env(), terminal, c.codeHint())
                    .orElseThrow(() -> new GuardException(
                            ExitCode.AUTH_FAILED,
                            "no MFA session is cached and guard cannot ask for a code here ("
                                    + (background ? "a background job" : "no terminal")
                                    + "): run guard login first (one code, cached for the runs and execs that"
                                    + " follow), or set GUARD_MFA_COMMAND"));
        };
    }
}
