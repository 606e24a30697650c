package dev.guard.run;

import dev.guard.action.StopSignal;
import dev.guard.term.CtrlC;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Ctrl-C during a run stops it before the next AWS call that changes something, never in the
 * middle of one (DESIGN.md §4): the first Ctrl-C raises a flag the run checks before each step and
 * each batch; what is left is reported skipped and audited, and the run ends with exit code 130. A
 * second Ctrl-C also stops waiting for AWS to finish ({@code wait: true}, a backup): what was sent
 * is reported as not confirmed. Nothing ever abandons a call in flight. (At a prompt, Ctrl-C cancels
 * the prompt instead: {@link CtrlC}.) A shutdown (SIGTERM, a closed terminal) stops the run the same
 * way, waiting at most {@link #GRACE_SECONDS} seconds for it to reach a safe point.
 */
public final class Interrupt {
    /** The process's stop signal, as runs and actions see it ({@link StopSignal}). */
    public static final StopSignal SIGNAL = new StopSignal() {
        @Override
        public boolean requested() {
            return Interrupt.requested();
        }

        @Override
        public boolean stopWaiting() {
            return Interrupt.stopWaiting();
        }

        @Override
        public String cause() {
            return Interrupt.cause();
        }

        @Override
        public void sleep(Duration pause) throws InterruptedException {
            Interrupt.sleep(pause);
        }
    };

    /** Ctrl-C and shutdown handling as a run arms it: the one way a run reaches these statics. */
    public static final StopSwitch SWITCH = new StopSwitch() {
        @Override
        public StopSignal arm(Consumer<String> say) {
            return Interrupt.arm(say);
        }

        @Override
        public void disarm() {
            Interrupt.disarm();
        }
    };

    /** How long a shutdown waits for the run to reach a safe point. */
    static final long GRACE_SECONDS = 60;

    private static final AtomicInteger PRESSES = new AtomicInteger();
    private static final Object WAKE = new Object();

    private static volatile boolean shuttingDown;
    private static volatile CountDownLatch finished;
    private static volatile Consumer<String> say = line -> {};
    private static boolean armed;
    private static boolean hooked;

    private Interrupt() {}

    /**
     * Arms Ctrl-C handling for one run, each run afresh (a shell runs many); {@link #disarm()} when
     * the run has reported.
     *
     * @param say where the operator reads what a Ctrl-C does
     */
    public static synchronized StopSignal arm(Consumer<String> say) {
        if (armed) {
            disarm();
        }
        armed = true;
        PRESSES.set(0);
        Interrupt.say = say;
        finished = new CountDownLatch(1);
        CtrlC.listen(Interrupt::pressed);
        CtrlC.hold();
        if (!hooked) {
            hooked = true; // one hook per JVM; it waits for whichever run is current
            try {
                Runtime.getRuntime().addShutdownHook(new Thread(Interrupt::shutDown, "guard-shutdown"));
            } catch (IllegalStateException e) {
                // already shutting down: nothing to arm
            }
        }
        return SIGNAL;
    }

    /** The run has reported (or failed): Ctrl-C is the JVM's (or the shell's) again. */
    public static synchronized void disarm() {
        if (!armed) {
            return;
        }
        armed = false;
        CtrlC.listen(null);
        CtrlC.release();
        say = line -> {};
        finished.countDown();
    }

    /** A Ctrl-C outside a prompt while armed. */
    static void pressed() {
        int n = PRESSES.incrementAndGet();
        say.accept(
                switch (n) {
                    case 1 ->
                        "Ctrl-C: stopping before the next change; a call in flight completes and is recorded"
                                + " (Ctrl-C again to stop waiting for AWS to finish)";
                    case 2 -> "Ctrl-C again: no more waiting; what was sent is reported as not confirmed";
                    default -> "Ctrl-C: still stopping; a call in flight completes and is recorded first";
                });
        synchronized (WAKE) {
            WAKE.notifyAll();
        }
    }

    private static void shutDown() {
        shuttingDown = true;
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

    /** Whether the operator asked to stop; checked before every change. */
    static boolean requested() {
        return PRESSES.get() > 0 || shuttingDown;
    }

    /** What stopped the run, for its report: "Ctrl-C", or "a shutdown signal" (SIGTERM, a closed terminal). */
    static String cause() {
        return PRESSES.get() > 0 || !shuttingDown ? "Ctrl-C" : "a shutdown signal";
    }

    /** Whether the operator also asked to stop waiting (a second Ctrl-C). */
    static boolean stopWaiting() {
        return PRESSES.get() > 1;
    }

    /** Sleeps for {@code pause}, less when a Ctrl-C asks to stop waiting meanwhile. */
    static void sleep(Duration pause) throws InterruptedException {
        long end = System.nanoTime() + pause.toNanos();
        synchronized (WAKE) {
            for (long left = pause.toNanos(); left > 0 && !stopWaiting(); left = end - System.nanoTime()) {
                TimeUnit.NANOSECONDS.timedWait(WAKE, left);
            }
        }
    }
}
