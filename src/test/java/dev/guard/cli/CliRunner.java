package dev.guard.cli;

import dev.guard.config.Environment;
import dev.guard.term.ScriptedTerminal;
import dev.guard.term.Terminal;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Runs guard's command line in-process, as {@code Main} does, with a controlled environment and a
 * scripted terminal, capturing what a user would read.
 */
final class CliRunner {
    /** What one invocation printed and returned. */
    record Result(int exitCode, String out, String err) {}

    private Path workingDirectory = Path.of("").toAbsolutePath();
    // Tests see instant sandboxes unless they ask for a speed (--speed, or env GUARD_SANDBOX_SPEED).
    private final Map<String, String> variables = new HashMap<>(Map.of("GUARD_SANDBOX_SPEED", "instant"));
    private Path home = Path.of("target/test-home").toAbsolutePath();
    private Terminal terminal = new ScriptedTerminal(false);
    private boolean tty;

    CliRunner in(Path directory) {
        this.workingDirectory = directory.toAbsolutePath();
        return this;
    }

    CliRunner env(String name, String value) {
        variables.put(name, value);
        return this;
    }

    CliRunner home(Path home) {
        this.home = home;
        return this;
    }

    CliRunner terminal(Terminal terminal) {
        this.terminal = terminal;
        return this;
    }

    CliRunner tty(boolean tty) {
        this.tty = tty;
        return this;
    }

    Result run(String... args) {
        Context context = new Context(new Environment(workingDirectory, variables, home), terminal, tty);
        var cl = Main.commandLine(context, args);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }
}
