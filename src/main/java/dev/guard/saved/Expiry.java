package dev.guard.saved;

import dev.guard.error.GuardException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code --expires-in}: how long a saved plan may be applied; 24 h unless said, at most 7 days. */
public final class Expiry {
    public static final Duration DEFAULT = Duration.ofHours(24);
    public static final Duration MAX = Duration.ofDays(7);

    private static final Pattern WHOLE = Pattern.compile("(\\d{1,7}[dhms])+");
    private static final Pattern PART = Pattern.compile("(\\d{1,7})([dhms])");

    private Expiry() {}

    /**
     * Reads {@code 24h}, {@code 90m}, {@code 7d}, {@code 1h30m}, {@code 45s}.
     *
     * @throws GuardException exit 2 for anything else, zero, or more than 7 days
     */
    public static Duration parse(String text) {
        String t = text.strip();
        if (!WHOLE.matcher(t).matches()) {
            throw GuardException.invalid("--expires-in: '" + text + "' is not a duration; write e.g. 24h, 90m, 7d"
                    + " or 1h30m (at most 7d)");
        }
        Duration total = Duration.ZERO;
        Matcher m = PART.matcher(t);
        while (m.find()) {
            long n = Long.parseLong(m.group(1));
            total = total.plus(
                    switch (m.group(2)) {
                        case "d" -> Duration.ofDays(n);
                        case "h" -> Duration.ofHours(n);
                        case "m" -> Duration.ofMinutes(n);
                        default -> Duration.ofSeconds(n);
                    });
        }
        if (total.isZero()) {
            throw GuardException.invalid("--expires-in: '" + text + "' is no time at all; a saved plan needs a"
                    + " positive expiry (at most 7d)");
        }
        if (total.compareTo(MAX) > 0) {
            throw GuardException.invalid("--expires-in: '" + text + "' is more than 7 days, the longest a saved"
                    + " plan may wait: the world it saw grows stale");
        }
        return total;
    }
}
