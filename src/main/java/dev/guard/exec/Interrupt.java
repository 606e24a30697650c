package dev.guard.exec;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C during a run stops it before the next AWS call that changes something, never in the
 * middle of one (DESIGN.md §4): the JVM's shutdown hook raises a flag, the run checks it before
 * each step and each batch, reports what is left as skipped, writes its audit record, and only
 * then lets the JVM exit. A second Ctrl-C does not shorten that; a stuck call is waited for at most
 * {@link #GRACE_SECONDS} seconds.
 */
public final class Interrupt {
    /** How long the shutdown waits for the run to reach a safe point. */
    static final long GRACE_SECONDS = 60;

    private static volatile boolean requested;
    private static volatile CountDownLatch finished;

    private Interrupt() {}

    private static boolean hooked;

    /** Arms Ctrl-C handling for one run; {@link #disarm()} when the run has reported. */
    public static synchronized void arm() {
        finished = new CountDownLatch(1);
        if (hooked) {
            return; // one hook per JVM (a shell runs many commands); it waits for the current run
        }
        hooked = true;
        try {
            Runtime.getRuntime().addShutdownHook(new Thread(Interrupt::stopRunning, "guard-ctrl-c"));
        } catch (IllegalStateException e) {
            // already shutting down: nothing to arm
        }
    }

    private static void stopRunning() {
        requested = true;
        CountDownLatch running = finished;
        if (running == null) {
            return;
        }
        try {
            running.await(GRACE_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The run has reported (or failed): the JVM may exit now. */
    public static synchronized void disarm() {
        if (finished != null) {
            finished.countDown();
            finished = null;
        }
    }

    /** Whether the operator asked to stop; checked before every change. */
    public static boolean requested() {
        return requested;
    }
}
