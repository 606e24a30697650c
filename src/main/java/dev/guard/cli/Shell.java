package dev.guard.cli;

import dev.guard.credentials.Connection;
import dev.guard.error.ExitCode;
import dev.guard.error.GuardException;
import dev.guard.term.LineTerminal;
import dev.guard.term.Printable;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.InfoCmp;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The loop of {@code guard shell}: reads a line with JLine (completion: {@link ShellCompleter};
 * history on disk: {@link ShellHistory}; prompt: {@link ShellPrompt}), runs it as a guard command
 * line in-process with the shell's connection, shows its exit code when it is not 0 (once), and
 * goes on until {@code exit}, {@code quit} or end of input (Ctrl-D). Ctrl-C clears the line at the shell's
 * prompt, cancels a command at its own prompt, and stops a run at its next safe point; it never
 * ends the shell. Kept apart from {@link ShellCommand} so that
 * picocli, which reflects on every command, never loads JLine for other commands.
 */
final class Shell {
    /** Where the shell reads from: the system terminal; tests pass their own. */
    static Supplier<Terminal> terminals = () -> {
        try {
            return TerminalBuilder.builder().system(true).build();
        } catch (IOException e) {
            throw new GuardException(ExitCode.ACTION_FAILED, "could not open the terminal: " + e.getMessage());
        }
    };

    private final Session session;
    private final ConnectionOptions connection;

    Shell(Session session, ConnectionOptions connection) {
        this.session = session;
        this.connection = connection;
    }

    int run() {
        if (!session.context.terminal().interactive()) {
            throw new GuardException(
                    ExitCode.ABORTED, "guard shell needs a terminal; for scripts and cron, run guard run RUNBOOK");
        }
        PrintWriter err = session.err();
        try (Terminal terminal = terminals.get();
                Connections.Opened opened = Connections.openForShell(connection, session, line -> {
                    terminal.writer().println(Printable.of(line));
                    terminal.flush();
                })) {
            LineReader reader = reader(terminal, session, opened.connection());
            // Commands typed here ask their questions (parameters, MFA code, confirmation) on the
            // shell's terminal, where Ctrl-C cancels the command, and Ctrl-C between prompts stops a
            // run at its next safe point: never the shell (the terminal sends it to CtrlC).
            Context commands = session.context.inShell(new LineTerminal(reader), opened.connection());
            PrintWriter out = terminal.writer();
            out.println("guard shell — "
                    + Printable.of(opened.connection().baseDescription()
                            + opened.connection()
                                    .endpoint()
                                    .map(e -> " at " + e)
                                    .orElse(""))
                    + ". Commands as on the command line, without 'guard'; 'exit' to leave.");
            out.flush();
            readAndRun(reader, commands, out, new ShellPrompt(session, opened.connection()), session.global);
            reader.getHistory().save();
        } catch (IOException e) {
            err.println("guard: the terminal failed: " + e.getMessage());
            return ExitCode.ACTION_FAILED;
        }
        return ExitCode.OK;
    }

    private static LineReader reader(Terminal terminal, Session session, Connection connection) {
        LineReaderBuilder builder = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("guard")
                // Lines carrying a secret are kept nowhere, not even in memory.
                .history(new ShellHistory())
                .completer(new ShellCompleter(
                        Main.commandLine(session.context).getCommandSpec(), new ShellSources(session, connection)));
        ShellHistory.file(session.context.env(), line -> session.warning(Printable.of(line)))
                .ifPresent(f -> builder.variable(LineReader.HISTORY_FILE, f));
        return builder.build();
    }

    /** Reads lines and runs them until {@code exit}, {@code quit} or end of input. */
    private static void readAndRun(
            LineReader reader, Context commands, PrintWriter out, ShellPrompt prompt, GlobalOptions shell) {
        while (true) {
            try {
                reader.readLine(prompt.text());
            } catch (UserInterruptException e) {
                Thread.interrupted(); // how JLine cancelled the read; the next command must not see it
                continue; // Ctrl-C clears the line, as in a shell
            } catch (EndOfFileException e) {
                return;
            }
            List<String> words = new ArrayList<>(reader.getParsedLine().words());
            words.removeIf(String::isEmpty);
            if (words.isEmpty()) {
                continue;
            }
            String first = words.get(0);
            if (first.equals("exit") || first.equals("quit")) {
                return;
            }
            if (first.equals("clear") && words.size() == 1) {
                reader.getTerminal().puts(InfoCmp.Capability.clear_screen);
                reader.getTerminal().flush();
                continue;
            }
            runLine(words.toArray(String[]::new), commands, out, shell);
        }
    }

    /** Runs one line as a guard command line, and shows its exit code when it is not 0. */
    private static void runLine(String[] args, Context commands, PrintWriter out, GlobalOptions shell) {
        // The command name wherever it is (global options may come first): a shell inside the
        // shell, or a sandbox server, would change what the session is connected to.
        String command = String.valueOf(Main.commandName(args));
        if (!offered(command)) {
            out.println("guard: '" + Printable.of(command) + "' is not available inside the shell");
            out.flush();
            return;
        }
        var cl = Main.commandLine(commands, args);
        // guard --config FILE --no-color --debug shell: each command typed in it as if it had them.
        cl.setDefaultValueProvider(arg -> arg instanceof OptionSpec o
                ? switch (o.longestName()) {
                    case "--config" -> shell.config;
                    case "--no-color" -> shell.noColor ? "true" : null;
                    case "--debug" -> shell.debug ? "true" : null;
                    default -> null;
                }
                : null);
        LastLine shown = new LastLine(out);
        PrintWriter tracked = new PrintWriter(shown, true);
        cl.setOut(tracked);
        cl.setErr(tracked);
        int code = cl.execute(args);
        tracked.flush();
        // A run's summary already ends "(exit code N)": once is enough.
        if (code != ExitCode.OK && !shown.last().endsWith("(exit code " + code + ")")) {
            out.println("(exit code " + code + ")");
        }
        out.flush();
    }

    /** Whether the shell offers {@code command}: not a shell inside it, nor a sandbox server. */
    static boolean offered(String command) {
        return !command.equals("shell") && !command.equals("sandbox");
    }

    /** Passes what a command prints to the terminal and remembers its last non-blank line. */
    private static final class LastLine extends Writer {
        private final PrintWriter to;
        private final StringBuilder line = new StringBuilder();
        private String last = "";

        LastLine(PrintWriter to) {
            this.to = to;
        }

        @Override
        public void write(char[] chars, int off, int len) {
            to.write(chars, off, len);
            for (int i = off; i < off + len; i++) {
                char c = chars[i];
                if (c == '\n') {
                    if (!line.toString().isBlank()) {
                        last = line.toString().strip();
                    }
                    line.setLength(0);
                } else {
                    line.append(c);
                }
            }
        }

        String last() {
            return line.toString().isBlank() ? last : line.toString().strip();
        }

        @Override
        public void flush() {
            to.flush();
        }

        @Override
        public void close() {
            flush();
        }
    }
}
