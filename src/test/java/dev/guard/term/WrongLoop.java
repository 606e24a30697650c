package dev.guard.term;

/** The other half of a package loop, on purpose (ArchitectureTest). */
public final class WrongLoop {
    public Object other() {
        return new dev.guard.json.WrongLoop();
    }
}
