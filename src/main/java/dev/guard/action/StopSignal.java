package dev.guard.action;

import java.time.Duration;

/**
 * The operator's request to stop (Ctrl-C, a shutdown), as a run and its actions see it: checked
 * before every change, and while waiting. Handed in through {@link StepContext} so an action never
 * reads a global, and a test can script a Ctrl-C at any point.
 */
public interface StopSignal {
    /** Whether the operator asked to stop; checked before every change. */
    boolean requested();

    /** Whether the operator also asked to stop waiting for AWS to finish (a second Ctrl-C). */
    boolean stopWaiting();

    /** What stopped the run, for its report: "Ctrl-C", or "a shutdown signal". */
    String cause();

    /** Sleeps for {@code pause}, less when the operator asks to stop waiting meanwhile. */
    void sleep(Duration pause) throws InterruptedException;

    /** Nothing ever asks to stop (discovery-only callers, tests of pure logic). */
    StopSignal NEVER = new StopSignal() {
        @Override
        public boolean requested() {
            return false;
        }

        @Override
        public boolean stopWaiting() {
            return false;
        }

        @Override
        public String cause() {
            return "Ctrl-C";
        }

        @Override
        public void sleep(Duration pause) throws InterruptedException {
            Thread.sleep(pause.toMillis());
        }
    };
}
