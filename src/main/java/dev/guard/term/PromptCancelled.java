package dev.guard.term;

/**
 * The operator pressed Ctrl-C at a prompt: whatever asked stops there, changes nothing more and
 * ends with exit code 130. {@code where} names the prompt for the one line the operator reads.
 */
public final class PromptCancelled extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String where;

    public PromptCancelled() {
        this("a prompt");
    }

    private PromptCancelled(String where) {
        super("cancelled at " + where);
        this.where = where;
    }

    /** The same cancel, named by the one who asked ("the MFA code prompt"). */
    public PromptCancelled at(String prompt) {
        return new PromptCancelled(prompt);
    }

    /** "the confirmation prompt", or "a prompt" when the asker did not say. */
    public String where() {
        return where;
    }
}
