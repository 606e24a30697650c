package dev.guard.cli;

import dev.guard.config.Environment;
import dev.guard.credentials.Connection;
import dev.guard.term.Terminal;
import java.util.Optional;

/**
 * What every command may touch of the outside world; tests pass their own.
 *
 * @param shell the connection of the {@code guard shell} a command was typed in: every command in a
 *     shell acts through it and its MFA session, whatever its own options say
 */
public record Context(Environment env, Terminal terminal, boolean stdoutIsTerminal, Optional<Connection> shell) {
    public Context(Environment env, Terminal terminal, boolean stdoutIsTerminal) {
        this(env, terminal, stdoutIsTerminal, Optional.empty());
    }

    /** The same outside world as seen by the commands typed in a shell. */
    Context inShell(Terminal shellTerminal, Connection connection) {
        return new Context(env, shellTerminal, stdoutIsTerminal, Optional.of(connection));
    }
}
