package dev.guard.term;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.jline.terminal.Attributes;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;

/** A terminal for tests that type into guard's JLine prompts and shell. */
public final class TtyLike {
    private TtyLike() {}

    /**
     * JLine's dumb terminal on streams, whose input handling stands in for a tty's line discipline
     * ({@code stty isig intr ^C}): the interrupt character raises SIGINT on the terminal instead of
     * being read. (TerminalBuilder would put a real pseudo-terminal in between, whose SIGINT goes
     * to no process.)
     */
    public static Terminal typing(String keys, OutputStream screen) throws IOException {
        Terminal t = new DumbTerminal(
                "test",
                Terminal.TYPE_DUMB,
                new ByteArrayInputStream(keys.getBytes(StandardCharsets.UTF_8)),
                screen,
                StandardCharsets.UTF_8);
        Attributes a = t.getAttributes();
        a.setLocalFlag(Attributes.LocalFlag.ISIG, true);
        a.setControlChar(Attributes.ControlChar.VINTR, 3);
        t.setAttributes(a);
        return t;
    }
}
