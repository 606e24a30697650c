package dev.guard.term;

import java.io.Console;
import java.util.Optional;

/** The real terminal, through {@link System#console()}: present only when stdin and stdout are a TTY. */
public final class ConsoleTerminal implements Terminal {
    private final Console console = System.console();

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
    public void println(String line) {
        if (console != null) {
            console.writer().println(line);
            console.flush();
        }
    }
}
