package dev.guard.cli;

import dev.guard.error.GuardException;
import dev.guard.term.ProgressBoard;
import dev.guard.term.StatusLine;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * How a run shows the work under way (calls in flight, reading targets, bulk changes, waits): a live
 * line at the bottom of the terminal when the run's lines go to one that can draw it and colour is
 * allowed (not {@code --output json}, {@code --log-format json}, {@code NO_COLOR}, {@code --no-color}
 * or {@code TERM=dumb}); otherwise a plain line on the run's own stream every {@value #VARIABLE}
 * seconds (10 unless set) while work goes on; nothing under {@code --quiet}.
 */
final class RunProgress {
    /** Seconds between plain progress lines (1-3600); for logs that want fewer, or tests that want them sooner. */
    static final String VARIABLE = "GUARD_PROGRESS_EVERY";

    private RunProgress() {}

    /** The run's progress board, or null when nothing is shown (--quiet, or no human lines at all). */
    static ProgressBoard board(Session session, boolean json, Consumer<String> say) {
        if (session.diagnostics().quiet() || (json && session.global.jsonLog())) {
            return null;
        }
        Duration every = every(session);
        if (!json && !session.global.jsonLog() && session.style().enabled()) {
            Optional<StatusLine> line = session.context.terminal().statusLine();
            if (line.isPresent()) {
                return ProgressBoard.live(line.get(), Clock.systemUTC());
            }
        }
        return ProgressBoard.periodic(say, every, Clock.systemUTC());
    }

    /** {@code sink}, never written in the middle of the board's redraw. */
    static Consumer<String> printing(ProgressBoard board, Consumer<String> sink) {
        return board == null ? sink : board.printing(sink);
    }

    private static Duration every(Session session) {
        Optional<String> set = session.context.env().get(VARIABLE);
        if (set.isEmpty()) {
            return ProgressBoard.EVERY;
        }
        String text = set.get().strip();
        if (text.matches("[0-9]{1,4}")) {
            int seconds = Integer.parseInt(text);
            if (seconds >= 1 && seconds <= 3600) {
                return Duration.ofSeconds(seconds);
            }
        }
        throw GuardException.invalid(VARIABLE + "='" + dev.guard.term.Printable.of(set.get())
                + "': whole seconds between plain progress lines, from 1 to 3600");
    }
}
