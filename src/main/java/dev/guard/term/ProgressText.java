package dev.guard.term;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How the open tasks read, on the live line and in a periodic plain line: pure, so the wording is
 * tested with a fixed clock.
 */
public final class ProgressText {
    private ProgressText() {}

    /**
     * One open task as it is now.
     *
     * @param total how many in all, or -1 when unknown
     * @param awaiting what it waits for now, or empty
     */
    public record Shown(String label, Instant started, long count, long total, String awaiting) {}

    /** "terminating instances 40/120 (shutting-down)": label, count, what is awaited. */
    static String segment(Shown task) {
        StringBuilder s = new StringBuilder(task.label());
        if (task.total() >= 0) {
            s.append(' ').append(task.count()).append('/').append(task.total());
        } else if (task.count() > 0) {
            s.append(' ').append(task.count());
        }
        if (!task.awaiting().isEmpty()) {
            s.append(" (").append(task.awaiting()).append(')');
        }
        return s.toString();
    }

    /** The open tasks, outermost first, joined: "reading targets of step 2/3 › ec2 DescribeInstances". */
    static String segments(List<Shown> open) {
        // Calls of one kind in flight at once (a bulk step's concurrent batches) read as one: "× 2".
        List<String> parts = new ArrayList<>();
        int same = 1;
        for (int i = 0; i < open.size(); i++) {
            String s = segment(open.get(i));
            if (i + 1 < open.size() && s.equals(segment(open.get(i + 1)))) {
                same++;
                continue;
            }
            parts.add(same > 1 ? s + " × " + same : s);
            same = 1;
        }
        return String.join(" › ", parts);
    }

    /** The live line: the open tasks and how long the outermost has run ("… 4.1 s"). */
    public static String live(List<Shown> open, Instant now) {
        return open.isEmpty() ? "" : segments(open) + " … " + precise(elapsed(open, now));
    }

    /** A plain line for logs: "  … still waiting for i-0abc to reach terminated (shutting-down), 30 s so far". */
    public static String plain(List<Shown> open, Instant now) {
        return "  … still " + segments(open) + ", " + whole(elapsed(open, now)) + " so far";
    }

    static Duration elapsed(List<Shown> open, Instant now) {
        Duration d = Duration.between(open.get(0).started(), now);
        return d.isNegative() ? Duration.ZERO : d;
    }

    /** "4.1 s" under a minute (tenths under 10 s), then "2 min 05 s". */
    static String precise(Duration d) {
        long millis = d.toMillis();
        if (millis < 10_000) {
            return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
        }
        return whole(d);
    }

    /** "42 s", "2 min 05 s", "1 h 02 min". */
    static String whole(Duration d) {
        long s = d.toSeconds();
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%d h %02d min", s / 3600, (s % 3600) / 60);
    }
}
