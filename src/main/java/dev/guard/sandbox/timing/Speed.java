package dev.guard.sandbox.timing;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * How fast the sandbox's transitions run: a change AWS takes {@code base} for takes {@code
 * base / factor} here (1 = AWS-like, 10 = ten times faster, 0.5 = twice as slow), or no time at
 * all ({@link #INSTANT}: the reply still names the transitional state, the resource is at its end
 * state at once).
 */
public final class Speed {
    /** No transitions: what tests want, and what the sandbox did before it modelled them. */
    public static final Speed INSTANT = new Speed(0);

    /** Rehearsals ({@code guard sandbox}, {@code --sandbox}): the waits show, ten times shorter than AWS's. */
    public static final Speed REHEARSAL = new Speed(10);

    /** The slowest factor accepted: a 30 s shutdown then lasts 50 minutes. */
    public static final double SLOWEST = 0.01;

    /** The fastest factor accepted (besides instant): a 30 s shutdown then lasts 30 ms. */
    public static final double FASTEST = 1000;

    /** The range of factors, for help texts (a constant, so annotations can use it). */
    public static final String RANGE = "from 0.01 to 1000";

    /** What {@link #parse} accepts, for error messages. */
    public static final String ACCEPTED = "a factor " + RANGE + " (1 = AWS-like), or 0 / instant";

    private final double factor;

    private Speed(double factor) {
        this.factor = factor;
    }

    /**
     * {@code instant}, {@code 0}, or a factor between {@link #SLOWEST} and {@link #FASTEST}.
     *
     * @throws IllegalArgumentException naming the value and what is accepted
     */
    public static Speed parse(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        if (t.equals("instant")) {
            return INSTANT;
        }
        double factor;
        try {
            factor = Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a speed: give " + ACCEPTED);
        }
        if (factor == 0) {
            return INSTANT;
        }
        // NaN and the infinities fail these comparisons too.
        if (!(factor >= SLOWEST && factor <= FASTEST)) {
            throw new IllegalArgumentException("'" + text + "' is out of range: give " + ACCEPTED);
        }
        return new Speed(factor);
    }

    public boolean instant() {
        return factor == 0;
    }

    /** How long a change AWS takes {@code base} for takes at this speed (zero when instant). */
    public Duration scale(Duration base) {
        return instant() ? Duration.ZERO : Duration.ofNanos(Math.round(base.toNanos() / factor));
    }

    /**
     * When a change begun {@code now} that AWS takes {@code base} for is over; empty when it is
     * over at once (instant), so the caller stores the end state.
     */
    public Optional<Instant> settles(Instant now, Duration base) {
        Duration d = scale(base);
        return d.isZero() ? Optional.empty() : Optional.of(now.plus(d));
    }

    /** {@code instant}, or the factor as typed in its shortest form ({@code 10}, {@code 0.5}). */
    @Override
    public String toString() {
        return instant() ? "instant" : plain(factor);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Speed s && Double.compare(s.factor, factor) == 0;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(factor);
    }

    private static String plain(double d) {
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }
}
