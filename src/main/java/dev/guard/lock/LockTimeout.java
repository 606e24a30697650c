package dev.guard.lock;

import dev.guard.error.GuardException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code --lock-timeout}: how long a run waits for a lock another live run holds. */
public final class LockTimeout {
    /** A day: a scheduled run that waits longer has lost its schedule. */
    static final Duration MAX = Duration.ofHours(24);

    private static final Pattern WHOLE = Pattern.compile("(\\d{1,6}[hms])+");
    private static final Pattern PART = Pattern.compile("(\\d{1,6})([hms])");

    private LockTimeout() {}

    /**
     * "30s", "5m", "1h", "1m30s", or "0" (refuse at once).
     *
     * @throws GuardException exit 2, naming the option and the value
     */
    public static Duration parse(String text) {
        String t = text.strip();
        if (t.equals("0")) {
            return Duration.ZERO;
        }
        if (!WHOLE.matcher(t).matches()) {
            throw invalid(text, "expected a duration such as 30s, 5m, 1h or 1m30s");
        }
        Duration d = Duration.ZERO;
        Matcher m = PART.matcher(t);
        while (m.find()) {
            long n = Long.parseLong(m.group(1));
            d = d.plus(
                    switch (m.group(2)) {
                        case "h" -> Duration.ofHours(n);
                        case "m" -> Duration.ofMinutes(n);
                        default -> Duration.ofSeconds(n);
                    });
        }
        if (d.compareTo(MAX) > 0) {
            throw invalid(text, "at most 24h");
        }
        return d;
    }

    /** "5m", "1h30m", "45s": how the waiting line says it. */
    public static String format(Duration d) {
        StringBuilder out = new StringBuilder();
        long s = d.toSeconds();
        if (s >= 3600) {
            out.append(s / 3600).append('h');
        }
        if (s % 3600 >= 60) {
            out.append(s % 3600 / 60).append('m');
        }
        if (s % 60 > 0 || out.length() == 0) {
            out.append(s % 60).append('s');
        }
        return out.toString();
    }

    private static GuardException invalid(String text, String why) {
        return GuardException.invalid(
                "--lock-timeout '" + text.replaceAll("\\p{Cntrl}", "?") + "': " + why + "; nothing was changed");
    }
}
