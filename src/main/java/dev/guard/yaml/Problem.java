package dev.guard.yaml;

import java.nio.file.Path;

/**
 * One thing wrong with an input file. Printed as {@code file:line:col: message}, or {@code file:
 * message} when the file could not be read as YAML at all (binary, too large, unreadable).
 */
public record Problem(Path file, Position position, String message) {
    public static Problem fileLevel(Path file, String message) {
        return new Problem(file, null, message);
    }

    /**
     * One line, exact: file names and quoted values may hold control or bidi characters, which
     * whatever prints it to a terminal escapes (term/Printable) — once, so they read as written.
     */
    @Override
    public String toString() {
        return position == null ? file + ": " + message : file + ":" + position + ": " + message;
    }
}
