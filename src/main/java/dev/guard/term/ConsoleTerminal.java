package dev.guard.term;

import java.io.Console;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import org.jline.terminal.TerminalBuilder;

/**
 * The real terminal: present only when stdin and stdout are a TTY ({@link System#console()}).
 * Prompts are read with JLine ({@link LineTerminal}), opened at the first prompt so a command that
 * asks nothing never loads it, and so that Ctrl-C cancels a prompt at once.
 */
public final class ConsoleTerminal implements Terminal {
    private final Console console = terminalConsole();
    private LineTerminal prompts;

    /**
     * The console when stdin and stdout are a terminal. On JDK 17-21 {@code System.console()} is
     * null otherwise; from JDK 22 it may exist for pipes too, and {@code isTerminal()} tells.
     */
    public static Console terminalConsole() {
        Console c = System.console();
        if (c == null) {
            return null;
        }
        try {
            Object terminal = Console.class.getMethod("isTerminal").invoke(c);
            return Boolean.TRUE.equals(terminal) ? c : null;
        } catch (ReflectiveOperationException e) {
            return c; // JDK < 22: a console is a terminal
        }
    }

    @Override
    public boolean interactive() {
        return console != null;
    }

    @Override
    public Optional<String> readLine(String prompt) {
        return console == null ? Optional.empty() : prompts().readLine(prompt);
    }

    @Override
    public Optional<String> readSecret(String prompt) {
        return console == null ? Optional.empty() : prompts().readSecret(prompt);
    }

    @Override
    public void println(String line) {
        if (console != null) {
            console.writer().println(line);
            console.flush();
        }
    }

    /**
     * A status line opened at its first use, so a run whose work is all quick never loads JLine for
     * it; a terminal that cannot draw one then shows nothing.
     */
    @Override
    public Optional<StatusLine> statusLine() {
        if (console == null) {
            return Optional.empty();
        }
        return Optional.of(new StatusLine() {
            private Optional<StatusLine> line;

            @Override
            public void show(String text) {
                if (line == null) {
                    line = JLineStatusLine.on(prompts().terminal());
                }
                line.ifPresent(l -> l.show(text));
            }

            @Override
            public void hide() {
                if (line != null) {
                    line.ifPresent(StatusLine::hide);
                }
            }
        });
    }

    /** Whether JLine was opened for a prompt (it registers a shutdown hook that restores the terminal). */
    public synchronized boolean opened() {
        return prompts != null;
    }

    private synchronized LineTerminal prompts() {
        if (prompts == null) {
            // Opened while guard holds SIGINT, so the handler JLine registers for it is replaced by
            // the one held before when guard lets go: JLine never keeps Ctrl-C from exiting later.
            CtrlC.hold();
            try {
                // No native signal handlers of JLine's own: guard's are the ones in place (CtrlC).
                org.jline.terminal.Terminal terminal = TerminalBuilder.builder()
                        .system(true)
                        .nativeSignals(false)
                        .build();
                // A pseudo-terminal nobody gave a size (script with a piped stdin, some CI runners)
                // has 0 columns, and JLine then draws no prompt at all: the question would be unseen.
                if (terminal.getWidth() <= 0) {
                    terminal.setSize(new org.jline.terminal.Size(80, Math.max(terminal.getHeight(), 24)));
                }
                prompts = new LineTerminal(terminal);
            } catch (IOException e) {
                throw new UncheckedIOException("could not open the terminal for a prompt", e);
            } finally {
                CtrlC.release();
            }
        }
        return prompts;
    }
}
