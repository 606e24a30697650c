package dev.guard.plan;

/** Breaks the house on purpose (ArchitectureTest): the plan reaching up into the CLI. */
public final class WrongWayUp {
    public Object cli() {
        return dev.guard.cli.Main.class;
    }
}
