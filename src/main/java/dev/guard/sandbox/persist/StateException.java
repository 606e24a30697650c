package dev.guard.sandbox.persist;

import java.nio.file.Path;

/** A state file that cannot be used: unreadable, not JSON, or not the shape the sandbox writes. */
public final class StateException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StateException(Path file, String why) {
        super(file + ": " + why, null, false, false);
    }
}
