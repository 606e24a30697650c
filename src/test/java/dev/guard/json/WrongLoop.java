package dev.guard.json;

/** Half of a package loop, on purpose (ArchitectureTest). */
public final class WrongLoop {
    public Object other() {
        return new dev.guard.term.WrongLoop();
    }
}
