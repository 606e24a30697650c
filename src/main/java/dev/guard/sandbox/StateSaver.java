package dev.guard.sandbox;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Saves the sandbox's world once per change, before the change is acknowledged, without losing
 * one to a race: a save captures the world and writes it under one lock, so a later capture is
 * never overwritten by an earlier one. Concurrent changes share a save (group commit): a change
 * already covered by a save that captured after it needs none of its own.
 */
final class StateSaver {
    private final Runnable save;
    private final AtomicLong changes = new AtomicLong();
    private final Object lock = new Object();
    private long saved;

    /** @param save captures the world and writes it; called under this saver's lock */
    StateSaver(Runnable save) {
        this.save = save;
    }

    /** Called after a change took effect; returns once a save that includes it has been written. */
    void changed() {
        long change = changes.incrementAndGet();
        synchronized (lock) {
            if (saved >= change) {
                return;
            }
            // Every change numbered up to here has taken effect, so this capture includes it.
            long upTo = changes.get();
            save.run();
            saved = upTo;
        }
    }
}
