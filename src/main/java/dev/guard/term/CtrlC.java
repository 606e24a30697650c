package dev.guard.term;

import java.util.function.Supplier;
import org.jline.utils.Signals;

/**
 * Where the process's Ctrl-C (SIGINT) goes while guard needs it: to the prompt reading now, which
 * is cancelled at once, otherwise to the run's listener, which stops it at the next safe point.
 * Taken only while a run or a prompt holds it ({@link #hold()}), so Ctrl-C elsewhere (validate, a
 * sandbox in the foreground) keeps the JVM's default: exit. In {@code guard shell} the shell's JLine
 * terminal owns SIGINT and passes it here with {@link #press()}, so it never ends the shell.
 */
public final class CtrlC {
    private static final Object LOCK = new Object();

    private static int holders;
    private static Object previous;
    private static Runnable listener;
    private static Thread reading;
    private static boolean cancelled;

    private CtrlC() {}

    /** Takes SIGINT from the JVM (JLine's reflective sun.misc.Signal), until as many {@link #release()}s. */
    public static void hold() {
        synchronized (LOCK) {
            if (holders++ == 0) {
                previous = Signals.register("INT", CtrlC::press);
            }
        }
    }

    /** Gives SIGINT back to whoever had it before the first {@link #hold()}. */
    public static void release() {
        synchronized (LOCK) {
            if (holders > 0 && --holders == 0) {
                Signals.unregister("INT", previous);
                previous = null;
            }
        }
    }

    /** What Ctrl-C does outside a prompt (a run's stop); null for nothing. */
    public static void listen(Runnable onCtrlC) {
        synchronized (LOCK) {
            listener = onCtrlC;
        }
    }

    /**
     * Runs a prompt's read so that Ctrl-C cancels it: the reading thread is interrupted (JLine's
     * reader turns that into its UserInterruptException) and the read ends in {@link
     * PromptCancelled}, even when an answer arrived at the same moment: an answer given after a
     * cancel is never taken.
     */
    public static <T> T reading(Supplier<T> read) {
        hold();
        synchronized (LOCK) {
            reading = Thread.currentThread();
            cancelled = false;
        }
        try {
            T answer = read.get();
            synchronized (LOCK) {
                if (cancelled) {
                    throw new PromptCancelled();
                }
            }
            return answer;
        } catch (PromptCancelled e) {
            // The interrupt that cancelled the read (ours or JLine's) must not reach later I/O: an
            // interrupted thread's next file channel write would fail.
            Thread.interrupted();
            throw e;
        } finally {
            synchronized (LOCK) {
                reading = null;
            }
            release();
        }
    }

    /** A Ctrl-C: from the signal, from the shell's terminal, or from a test. */
    public static void press() {
        Runnable then;
        synchronized (LOCK) {
            if (reading != null) {
                cancelled = true;
                reading.interrupt();
                return;
            }
            then = listener;
        }
        if (then != null) {
            then.run();
        }
    }
}
