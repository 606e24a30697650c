package dev.guard.action;

import dev.guard.error.ExitCode;
import dev.guard.term.Progress;
import java.time.Duration;
import java.time.Instant;

/**
 * Waiting for AWS to finish something ({@code wait: true}, a backup): a deadline from the step's
 * wait timeout, and pauses that start at its poll interval and double up to 15 s, so a quick
 * change is seen quickly and a slow one is not polled to death.
 */
public final class Poll implements AutoCloseable {
    static final Duration LONGEST = Duration.ofSeconds(15);

    /** Why a wait ended early. */
    public static final String STOPPED = "waiting stopped by Ctrl-C";

    private final Instant deadline;
    private final StopSignal stop;
    private final Progress.Task task;
    private Duration interval;

    public Poll(StepContext context) {
        this(context, Progress.Task.NONE);
    }

    private Poll(StepContext context, Progress.Task task) {
        this.deadline = Instant.now().plus(context.waitTimeout());
        this.interval = context.pollInterval();
        this.stop = context.stop();
        this.task = task;
    }

    /**
     * A wait shown on the step's progress board as {@code what} ("waiting for i-0abc to reach
     * terminated") until it is closed, with what it last saw ({@link #saw}).
     */
    public static Poll showing(StepContext context, String what) {
        return new Poll(context, context.board().start(what));
    }

    /** What the wait saw on its last look ("shutting-down"), for the progress board. */
    public void saw(String state) {
        task.awaiting(state);
    }

    /** Ends the wait's task on the progress board. */
    @Override
    public void close() {
        task.close();
    }

    public boolean expired() {
        return Instant.now().isAfter(deadline);
    }

    /**
     * Sleeps for the current interval, then doubles it (up to 15 s). A second Ctrl-C ends the wait
     * at once ({@link StopSignal}): the change was sent, so it is reported, not confirmed.
     */
    public void pause() {
        try {
            stop.sleep(interval);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StepFailure("interrupted while waiting");
        }
        if (stop.stopWaiting()) {
            throw new StepFailure(ExitCode.INTERRUPTED, STOPPED);
        }
        Duration doubled = interval.multipliedBy(2);
        interval = doubled.compareTo(LONGEST) > 0 ? LONGEST : doubled;
    }
}
