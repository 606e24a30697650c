package dev.guard.term;

import java.util.Optional;
import org.jline.reader.Completer;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.Parser;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.reader.impl.LineReaderImpl;
import org.jline.terminal.Terminal.Signal;

/**
 * guard's prompts read with JLine: Ctrl-C cancels the prompt ({@link PromptCancelled}) instead of
 * waiting for Enter, Ctrl-D ends the input, a secret is read with no echo at all. The answer is
 * taken as typed: no history (a typed word or code is never offered back), no completion, no
 * quotes, escapes or {@code !} expansion. In {@code guard shell} it reads with the shell's own
 * reader, so input typed ahead (or pasted) is never split between two readers.
 */
public final class LineTerminal implements Terminal {
    private final LineReaderImpl reader;
    private final Parser asTyped = asTyped();

    /** Prompts on a terminal of their own (the system terminal). */
    public LineTerminal(org.jline.terminal.Terminal terminal) {
        this(LineReaderBuilder.builder().terminal(terminal).build());
    }

    /**
     * Prompts with {@code reader}, which may be the shell's. Also sends its terminal's Ctrl-C to
     * {@link CtrlC}: in a shell it must never end the JVM.
     */
    public LineTerminal(LineReader reader) {
        this.reader = (LineReaderImpl) reader;
        reader.getTerminal().handle(Signal.INT, signal -> CtrlC.press());
    }

    private static Parser asTyped() {
        DefaultParser parser = new DefaultParser();
        parser.setQuoteChars(new char[0]);
        parser.setEscapeChars(new char[0]);
        return parser;
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
        Parser parser = reader.getParser();
        Completer completer = reader.getCompleter();
        Object history = reader.getVariable(LineReader.DISABLE_HISTORY);
        boolean expansion = !reader.isSet(LineReader.Option.DISABLE_EVENT_EXPANSION);
        reader.setParser(asTyped);
        reader.setCompleter(null);
        reader.setVariable(LineReader.DISABLE_HISTORY, true);
        reader.setOpt(LineReader.Option.DISABLE_EVENT_EXPANSION);
        try {
            return CtrlC.reading(() -> {
                try {
                    return Optional.of(reader.readLine(prompt, mask));
                } catch (UserInterruptException e) {
                    throw new PromptCancelled();
                } catch (EndOfFileException e) {
                    return Optional.empty();
                }
            });
        } finally {
            reader.setParser(parser);
            reader.setCompleter(completer);
            reader.setVariable(LineReader.DISABLE_HISTORY, history);
            if (expansion) {
                reader.unsetOpt(LineReader.Option.DISABLE_EVENT_EXPANSION);
            }
        }
    }

    /** The JLine terminal the prompts are read on. */
    org.jline.terminal.Terminal terminal() {
        return reader.getTerminal();
    }

    /** On the reader's terminal: in {@code guard shell}, the shell's, between two of its prompts. */
    @Override
    public Optional<StatusLine> statusLine() {
        return JLineStatusLine.on(reader.getTerminal());
    }

    @Override
    public void println(String line) {
        reader.getTerminal().writer().println(line);
        reader.getTerminal().flush();
    }
}
