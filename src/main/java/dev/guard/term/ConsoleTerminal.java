package dev.guard.term;

import java.io.Console;
import java.util.Optional;

/** The real terminal, through {@link System#console()}: present only when stdin and stdout are a TTY. */
public final class ConsoleTerminal implements Terminal {
    private final Console console = terminalConsole();

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
        if (console == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(console.readLine("%s", prompt));
    }

    @Override
    public Optional<String> readSecret(String prompt) {
        if (console == null) {
            return Optional.empty();
        }
        char[] typed = console.readPassword("%s", prompt);
        return typed == null ? Optional.empty() : Optional.of(new String(typed));
    }

    @Override
    public void println(String line) {
        if (console != null) {
            console.writer().println(line);
            console.flush();
        }
    }
}
