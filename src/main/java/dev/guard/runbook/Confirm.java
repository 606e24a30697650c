package dev.guard.runbook;

/** How a step is confirmed before it runs (DESIGN.md §4). */
public enum Confirm {
    /** The operator types the account alias or resource name. */
    TYPED("typed"),
    /** A y/N question. */
    YES("yes"),
    /** No question: only for steps that change nothing. */
    NONE("none");

    private final String yaml;

    Confirm(String yaml) {
        this.yaml = yaml;
    }

    public String yaml() {
        return yaml;
    }
}
