package dev.guard.term;

import java.util.Optional;

/**
 * The operator's terminal, behind a seam so tests can script answers. {@code interactive()} is
 * false for cron, CI and pipes: then guard never prompts and never waits on stdin.
 */
public interface Terminal {
    boolean interactive();

    /** Reads one line after showing {@code prompt}; empty at end of input. */
    Optional<String> readLine(String prompt);

    /**
     * Reads one line without echoing it (an MFA code): it never reaches the screen, the scrollback or
     * shell history. Empty at end of input.
     */
    Optional<String> readSecret(String prompt);

    /** Writes a line to the terminal (prompts and their follow-ups, not command output). */
    void println(String line);

    /** A line at the bottom of the screen for live progress, where this terminal can draw one. */
    default Optional<StatusLine> statusLine() {
        return Optional.empty();
    }
}
