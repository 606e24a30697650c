package dev.guard.term;

import java.util.List;
import java.util.Optional;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;
import org.jline.utils.InfoCmp.Capability;
import org.jline.utils.Status;

/**
 * The live line drawn by JLine's {@link Status}: it reserves the terminal's last row with a scroll
 * region, so ordinary lines written meanwhile scroll above it and never mix with it, and it gives
 * the row back when hidden. JLine over a progress-bar library (me.tongfei:progressbar): guard's
 * tasks mostly have no total (a call, a wait), the bar libraries redraw with a carriage return that
 * any other line written meanwhile breaks, and JLine is already guard's terminal library — the
 * shell's line reader knows this status and keeps clear of it.
 */
final class JLineStatusLine implements StatusLine {
    private final org.jline.terminal.Terminal terminal;
    private Status status;

    private JLineStatusLine(org.jline.terminal.Terminal terminal) {
        this.terminal = terminal;
    }

    /** A status line on {@code terminal}, when it can draw one (a scroll region, a movable cursor). */
    static Optional<StatusLine> on(org.jline.terminal.Terminal terminal) {
        boolean able = terminal.getStringCapability(Capability.change_scroll_region) != null
                && terminal.getStringCapability(Capability.save_cursor) != null
                && terminal.getStringCapability(Capability.restore_cursor) != null
                && terminal.getStringCapability(Capability.cursor_address) != null
                && terminal.getHeight() > 2
                && terminal.getWidth() > 10;
        return able ? Optional.of(new JLineStatusLine(terminal)) : Optional.empty();
    }

    @Override
    public void show(String text) {
        if (status == null) {
            status = Status.getStatus(terminal);
            status.resize(); // the size now: guard does not follow SIGWINCH outside the shell
        }
        status.update(List.of(new AttributedString(text, AttributedStyle.DEFAULT.faint())));
    }

    @Override
    public void hide() {
        if (status != null) {
            status.hide();
            terminal.flush();
        }
    }
}
