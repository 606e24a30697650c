package dev.guard.run;

/** A run reaching into the sandbox, on purpose (ArchitectureTest). */
public final class WrongSandboxUse {
    public Object sandbox() {
        return dev.guard.sandbox.Sandbox.class;
    }
}
