package dev.guard.term;

import java.util.Optional;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.reader.impl.LineReaderImpl;
import org.jline.terminal.Terminal.Signal;

/**
 * guard's prompts read with JLine on a terminal it already has (the system terminal, or the
 * shell's): Ctrl-C cancels the prompt ({@link PromptCancelled}) instead of waiting for Enter, Ctrl-D
 * ends the input, a secret is read with no echo at all. The answer is taken as typed: no history
 * (a typed word or code is never offered back), no quotes, escapes or {@code !} expansion.
 */
public final class LineTerminal implements Terminal {
    private final org.jline.terminal.Terminal terminal;
    private final LineReader reader;

    /** Also sends the terminal's Ctrl-C to {@link CtrlC}: in a shell it must never end the JVM. */
    public LineTerminal(org.jline.terminal.Terminal terminal) {
        this.terminal = terminal;
        terminal.handle(Signal.INT, signal -> CtrlC.press());
        DefaultParser asTyped = new DefaultParser();
        asTyped.setQuoteChars(new char[0]);
        asTyped.setEscapeChars(new char[0]);
        this.reader = LineReaderBuilder.builder()
                .terminal(terminal)
                .parser(asTyped)
                .variable(LineReader.DISABLE_HISTORY, true)
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                .build();
    }

    @Override
    public boolean interactive() {
        return true;
    }

    @Override
    public Optional<String> readLine(String prompt) {
        return read(prompt, null);
    }

    @Override
    public Optional<String> readSecret(String prompt) {
        return read(prompt, LineReaderImpl.NULL_MASK); // NUL: nothing is shown, not even stars
    }

    private Optional<String> read(String prompt, Character mask) {
        return CtrlC.reading(() -> {
            try {
                return Optional.of(reader.readLine(prompt, mask));
            } catch (UserInterruptException e) {
                throw new PromptCancelled();
            } catch (EndOfFileException e) {
                return Optional.empty();
            }
        });
    }

    @Override
    public void println(String line) {
        terminal.writer().println(line);
        terminal.flush();
    }
}
