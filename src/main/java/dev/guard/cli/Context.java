package dev.guard.cli;

import dev.guard.config.Environment;
import dev.guard.term.Terminal;

/** What every command may touch of the outside world; tests pass their own. */
public record Context(Environment env, Terminal terminal, boolean stdoutIsTerminal) {}
