package dev.guard.cli;

import dev.guard.access.AccessCredentials;
import dev.guard.credentials.BaseCredentials;
import dev.guard.credentials.Connection;
import dev.guard.credentials.Endpoints;
import dev.guard.credentials.MemorySessions;
import dev.guard.error.GuardException;
import dev.guard.term.Printable;
import java.net.URI;
import java.util.Optional;
import java.util.function.Consumer;

/** Opens what {@link ConnectionOptions} asks for: a sandbox started for the run, or AWS itself. */
final class Connections {
    private Connections() {}

    /** An open connection; closing it stops the sandbox, if one was started. */
    record Opened(Connection connection, Runnable onClose) implements AutoCloseable {
        /** Nothing to stop when it closes. */
        Opened(Connection connection) {
            this(connection, () -> {});
        }

        @Override
        public void close() {
            onClose.run();
        }
    }

    /**
     * The connection of {@code login}, {@code whoami} or {@code doctor}: for login never a throw-away
     * sandbox, since its session would die with it.
     */
    static Opened openFor(String command, ConnectionOptions o, Session session) {
        if (o.sandbox && command.equals("login")) {
            throw GuardException.invalid("guard login --sandbox would cache a session of a sandbox that ends with"
                    + " the command; start one with guard sandbox and pass --endpoint-url http://127.0.0.1:PORT");
        }
        return open(o, session, line -> {});
    }

    /**
     * The connection of a {@code guard shell}: opened once, used by every command typed in it. A
     * sandbox lives as long as the shell, so its MFA session is worth caching (one code per shell).
     */
    static Opened openForShell(ConnectionOptions o, Session session, Consumer<String> say) {
        if (session.context.shell().isPresent()) {
            throw GuardException.invalid("guard shell cannot be started inside guard shell");
        }
        if (o.mfaCode != null || o.mfaCommand != null) {
            // The shell asks on its terminal; a command for unattended codes comes from the environment.
            throw GuardException.invalid("guard shell asks for the MFA code on its terminal; for a command that"
                    + " prints codes, set GUARD_MFA_COMMAND before starting the shell");
        }
        Opened opened = open(o, session, say);
        Connection kept = opened.connection()
                .keptBy(
                        !o.noSessionCache && !o.sandbox,
                        // A sandbox's sessions die with it: kept in memory for the shell, never on disk.
                        o.sandbox && !o.noSessionCache ? Optional.of(new MemorySessions()) : Optional.empty());
        return new Opened(kept, opened.onClose());
    }

    /**
     * The connection of the unattended runner's own identity ({@code apply --runner}): the SDK's
     * default chain, never an operator's profile from the config, no MFA code and no MFA session
     * cache. With {@code --sandbox}, the seeded user {@code --sandbox-user} (e.g. scheduler).
     */
    static Opened openForRunner(ConnectionOptions o, Session session, Consumer<String> say) {
        if (o.mfaCode != null || o.mfaCommand != null) {
            throw GuardException.invalid("--runner acts with the runner's own identity and never sends an MFA code;"
                    + " drop --mfa-code and --mfa-command");
        }
        if (session.context.shell().isPresent()) {
            throw GuardException.invalid("--runner is for schedulers: inside guard shell every command uses the"
                    + " shell's connection and its MFA session");
        }
        if (o.sandbox) {
            Opened sandbox = open(o, session, say);
            Connection c = sandbox.connection();
            return new Opened(
                    new Connection(
                            c.endpoint(),
                            c.base(),
                            "the runner's own identity: " + c.baseDescription(),
                            c.codeHint(),
                            c.pollInterval(),
                            Optional.empty(),
                            false,
                            Optional.empty(),
                            Optional.empty()),
                    sandbox.onClose());
        }
        o.check();
        if (!"alice".equals(o.sandboxUser)
                || o.sandboxSeed != null
                || o.sandboxSpeed != null
                || o.sandboxAccounts != null) {
            throw GuardException.invalid(
                    "--sandbox-user, --sandbox-seed, --sandbox-accounts and --speed need --sandbox");
        }
        var env = session.context.env();
        Optional<URI> endpoint = Endpoints.chosen(Optional.ofNullable(o.endpointUrl), env);
        return new Opened(BaseCredentials.forRunner(env, session.config(), endpoint, Optional.ofNullable(o.profile)));
    }

    static Opened open(ConnectionOptions o, Session session, Consumer<String> say) {
        Optional<Opened> early = session.takeEarly();
        if (early.isPresent()) {
            return early.get(); // opened while planning, to read AWS Organizations
        }
        o.check();
        Optional<Connection> inShell = session.context.shell();
        if (inShell.isPresent()) {
            if (o.mfaCode != null || o.mfaCommand != null) {
                throw GuardException.invalid("inside guard shell the MFA code is asked on the shell's terminal, once"
                        + " for the whole session; drop --mfa-code and --mfa-command");
            }
            if (o.sandbox || o.asksForAws()) {
                throw GuardException.invalid("inside guard shell every command uses the shell's connection and its"
                        + " MFA session; give --sandbox, --profile or --endpoint-url when starting the shell");
            }
            return new Opened(inShell.get());
        }
        if (o.sandbox) {
            if (o.endpointUrl != null || o.profile != null) {
                throw GuardException.invalid("--sandbox cannot be combined with --endpoint-url or --profile: the"
                        + " sandbox is the endpoint and its seeded users are the identities");
            }
            return SandboxConnection.open(o, session, say);
        }
        if (!"alice".equals(o.sandboxUser)
                || o.sandboxSeed != null
                || o.sandboxSpeed != null
                || o.sandboxAccounts != null) {
            throw GuardException.invalid(
                    "--sandbox-user, --sandbox-seed, --sandbox-accounts and --speed need --sandbox");
        }
        var env = session.context.env();
        env.get(AccessCredentials.MARKER)
                .ifPresent(marker -> session.warning(Printable.of(AccessCredentials.MARKER
                        + "=" + marker
                        + " is set: this shell holds credentials guard exec/env handed out, not your own, and"
                        + " guard acts as them (a role session cannot present MFA); run guard outside it")));
        Optional<URI> endpoint = Endpoints.chosen(Optional.ofNullable(o.endpointUrl), env);
        return new Opened(BaseCredentials.forAws(
                env, session.config(), endpoint, Optional.ofNullable(o.profile), !o.noSessionCache));
    }
}
