package dev.guard.yaml;

import java.util.Optional;

/**
 * Showing untrusted text in messages without letting it act on the terminal, and telling which
 * characters runbooks, config and parameter values may not contain: control characters (other
 * than tab and line breaks) could rewrite what the terminal shows, and Unicode bidirectional
 * controls could make the text read differently from what it is (a "Trojan Source" key or value).
 */
public final class Text {
    private Text() {}

    /** "U+001B" */
    public static String codePoint(char c) {
        return String.format("U+%04X", (int) c);
    }

    /** C0 (except tab, LF, CR) and C1 controls, DEL. */
    public static boolean isControl(char c) {
        return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || (c >= 0x7f && c <= 0x9f);
    }

    /** Bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), LRM, RLM, ALM. */
    public static boolean isBidiControl(char c) {
        return (c >= 0x202a && c <= 0x202e)
                || (c >= 0x2066 && c <= 0x2069)
                || c == 0x200e
                || c == 0x200f
                || c == 0x061c;
    }

    /**
     * What {@code s} contains that it must not, described by its first such character ("control
     * characters (U+001B)"), or empty.
     */
    public static Optional<String> unsafeCharacter(String s, boolean lineBreaksAllowed) {
        int at = firstUnsafe(s, lineBreaksAllowed);
        return at < 0 ? Optional.empty() : Optional.of(describe(s.charAt(at)));
    }

    /** "control characters (U+001B)" or "bidirectional control characters (U+202E)". */
    public static String describe(char c) {
        String what = isBidiControl(c)
                ? "bidirectional control characters ("
                : Character.isSurrogate(c) ? "unpaired surrogates (" : "control characters (";
        return what + codePoint(c) + ")";
    }

    /**
     * Index of the first disallowed character, or -1.
     *
     * @param lineBreaksAllowed whether LF and CR pass (they do in a YAML file; in a one-line value they do not matter)
     */
    public static int firstUnsafe(String s, boolean lineBreaksAllowed) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (isControl(c) || isBidiControl(c) || (!lineBreaksAllowed && (c == '\n' || c == '\r'))) {
                return i;
            }
            // A lone surrogate (from a "\ud800" escape) is no character at all.
            if (Character.isHighSurrogate(c) && (i + 1 == s.length() || !Character.isLowSurrogate(s.charAt(i + 1)))) {
                return i;
            }
            if (Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(s.charAt(i - 1)))) {
                return i;
            }
        }
        return -1;
    }

    /**
     * {@code s} with control and bidi characters written as {@code \u001b} escapes, so a message
     * stays one inert line that reads as it is.
     */
    public static String visible(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean escape = c < 0x20 || (c >= 0x7f && c <= 0x9f) || isBidiControl(c);
            if (escape && out == null) {
                out = new StringBuilder(s.substring(0, i));
            }
            if (out != null) {
                if (escape) {
                    out.append("\\u").append(String.format("%04x", (int) c));
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? s : out.toString();
    }
}
