package dev.guard.exec;

import java.time.Duration;
import java.time.Instant;

/**
 * Waiting for AWS to finish something ({@code wait: true}, a backup): a deadline from the step's
 * wait timeout, and pauses that start at its poll interval and double up to 15 s, so a quick
 * change is seen quickly and a slow one is not polled to death.
 */
public final class Poll {
    static final Duration LONGEST = Duration.ofSeconds(15);

    private final Instant deadline;
    private Duration interval;

    public Poll(StepContext context) {
        this.deadline = Instant.now().plus(context.waitTimeout());
        this.interval = context.pollInterval();
    }

    public boolean expired() {
        return Instant.now().isAfter(deadline);
    }

    /** Sleeps for the current interval, then doubles it (up to 15 s). */
    public void pause() {
        try {
            Thread.sleep(interval.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StepFailure("interrupted while waiting");
        }
        Duration doubled = interval.multipliedBy(2);
        interval = doubled.compareTo(LONGEST) > 0 ? LONGEST : doubled;
    }
}
