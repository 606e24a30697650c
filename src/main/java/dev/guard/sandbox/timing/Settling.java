package dev.guard.sandbox.timing;

import java.time.Instant;

/**
 * Whether a transition recorded as "until {@code at}" is over at {@code now}: at {@code at}
 * itself it is, so a clock moved exactly by the transition's length sees the end state.
 */
public final class Settling {
    private Settling() {}

    public static boolean due(Instant at, Instant now) {
        return at != null && !now.isBefore(at);
    }
}
