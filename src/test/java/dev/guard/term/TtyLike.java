package dev.guard.term;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import org.jline.terminal.Attributes;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;

/**
 * A terminal for tests that type into guard's JLine prompts and shell.
 *
 * <p>Everything reaches the screen on the thread that writes it, so once the shell or prompt has
 * returned, the screen holds all of its output: no pump thread copies it later. (JLine's {@code
 * TerminalBuilder.streams(...)} would put a real pseudo-terminal in between, whose pump threads copy
 * output after the writer has returned, close the input at the end of the typed text and lose what
 * is still in the pseudo-terminal when it closes.)
 */
public final class TtyLike {
    /** The name of the thread JLine's reader starts on a dumb terminal to redraw a secret prompt. */
    private static final String MASK_THREAD = "JLine Mask Thread";

    private TtyLike() {}

    /**
     * JLine's dumb terminal on streams, whose input handling stands in for a tty's line discipline
     * ({@code stty isig intr ^C}): the interrupt character raises SIGINT on the terminal instead of
     * being read. (A pseudo-terminal's SIGINT would go to no process.) It has a size, as a real
     * terminal has: JLine then echoes each line read when it is accepted, and stops its mask thread
     * when a secret prompt ends.
     */
    public static Terminal typing(String keys, OutputStream screen) throws IOException {
        Terminal t = new Screen(keys, screen);
        Attributes a = t.getAttributes();
        a.setLocalFlag(Attributes.LocalFlag.ISIG, true);
        a.setControlChar(Attributes.ControlChar.VINTR, 3);
        t.setAttributes(a);
        // A stream terminal's size is 0x0, and JLine stops its mask thread only on a terminal with a
        // size: without one it redrew the MFA prompt every 3 ms until the terminal closed.
        t.setSize(new Size(160, 50));
        return t;
    }

    /**
     * The dumb terminal without JLine's mask thread on its screen. On a dumb terminal JLine redraws a
     * secret prompt every 3 ms from a thread of its own, to hide what the terminal echoes locally;
     * this one echoes nothing, and JLine stops that thread without waiting for it, so its last
     * redraw could land in the next command's output. On a real terminal (not dumb) JLine starts no
     * such thread.
     */
    private static final class Screen extends DumbTerminal {
        private final PrintWriter writer;

        Screen(String keys, OutputStream screen) throws IOException {
            super(
                    "test",
                    Terminal.TYPE_DUMB,
                    new ByteArrayInputStream(keys.getBytes(StandardCharsets.UTF_8)),
                    screen,
                    StandardCharsets.UTF_8);
            this.writer = new PrintWriter(super.writer()) {
                @Override
                public void write(String s, int off, int len) {
                    if (!onMaskThread()) {
                        super.write(s, off, len);
                    }
                }
            };
        }

        @Override
        public PrintWriter writer() {
            if (!onMaskThread()) {
                super.writer(); // fails once the terminal is closed, as the dumb terminal's own does
            }
            return writer;
        }

        private static boolean onMaskThread() {
            return Thread.currentThread().getName().equals(MASK_THREAD);
        }
    }
}
