package dev.guard.cli;

import dev.guard.config.Environment;
import dev.guard.term.CtrlC;
import dev.guard.term.PromptCancelled;
import dev.guard.term.Terminal;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs guard's command line in-process, as {@code Main} does, with a controlled environment and a
 * scripted terminal, capturing what a user would read.
 */
final class CliRunner {
    /** What one invocation printed and returned. */
    record Result(int exitCode, String out, String err) {}

    /**
     * A terminal that answers prompts from a script and records what it was asked. The answer
     * {@link #CTRL_C} is the operator pressing Ctrl-C at that prompt; an answer ending in it is
     * given, then Ctrl-C pressed.
     */
    static final class ScriptedTerminal implements Terminal {
        static final String CTRL_C = "\u0003";

        final Deque<String> answers = new ArrayDeque<>();
        final List<String> prompts = new ArrayList<>();
        final List<String> printed = new ArrayList<>();
        final List<String> secretPrompts = new ArrayList<>();
        private final boolean interactive;

        ScriptedTerminal(boolean interactive, String... answers) {
            this.interactive = interactive;
            this.answers.addAll(List.of(answers));
        }

        @Override
        public boolean interactive() {
            return interactive;
        }

        @Override
        public Optional<String> readLine(String prompt) {
            prompts.add(prompt);
            return answer();
        }

        @Override
        public Optional<String> readSecret(String prompt) {
            prompts.add(prompt);
            secretPrompts.add(prompt);
            return answer();
        }

        private Optional<String> answer() {
            String next = answers.poll();
            if (CTRL_C.equals(next)) {
                throw new PromptCancelled();
            }
            if (next != null && next.endsWith(CTRL_C)) {
                // Ctrl-C just after the answer was given: the run goes on, and stops at its next check.
                CtrlC.press();
                return Optional.of(next.substring(0, next.length() - 1));
            }
            return Optional.ofNullable(next);
        }

        @Override
        public void println(String line) {
            printed.add(line);
        }
    }

    private Path workingDirectory = Path.of("").toAbsolutePath();
    private final Map<String, String> variables = new HashMap<>();
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
