package dev.guard.term;

/**
 * A line kept at the bottom of a terminal while ordinary lines scroll above it: the live progress
 * line. {@link Terminal#statusLine()} gives one where the terminal can draw it. Callers serialise
 * their calls with whatever else writes to the terminal ({@link ProgressBoard} does).
 */
public interface StatusLine {
    /** Shows {@code text} (cut to the terminal's width), replacing what was shown. */
    void show(String text);

    /** Removes the line and gives its row back to the output. */
    void hide();
}
