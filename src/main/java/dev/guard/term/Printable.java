package dev.guard.term;

/**
 * Text from AWS or a runbook made safe to show on a terminal: every character a terminal would act
 * on instead of print — a line break that makes one object key look like two, a carriage return
 * that overwrites what came before, ESC and C1 control sequences (clear screen, window title), bidi
 * overrides that show a name backwards — becomes a visible escape. A backslash becomes {@code \\}, so
 * every escape reads one way back. JSON output needs none of this: it is written exact.
 */
public final class Printable {
    private Printable() {}

    /** One value on one line: {@code a\nb} for a key with a line break in it. */
    public static String of(String text) {
        if (text == null) {
            return "null";
        }
        int first = 0;
        while (first < text.length() && plain(text.charAt(first))) {
            first++;
        }
        if (first == text.length()) {
            return text; // the common case: nothing to escape, nothing copied
        }
        StringBuilder out = new StringBuilder(text.length() + 16).append(text, 0, first);
        for (int i = first; i < text.length(); ) {
            int c = text.codePointAt(i);
            escape(out, c);
            i += Character.charCount(c);
        }
        return out.toString();
    }

    /**
     * Text written to be read on several lines (a runbook's description): its line breaks stay, every
     * other character is escaped as by {@link #of}.
     */
    public static String lines(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            out.append(i == 0 ? "" : "\n").append(of(lines[i]));
        }
        return out.toString();
    }

    private static boolean plain(char c) {
        return c >= 0x20 && c < 0x7f && c != '\\';
    }

    private static void escape(StringBuilder out, int c) {
        switch (c) {
            case '\\' -> out.append("\\\\");
            case '\n' -> out.append("\\n");
            case '\r' -> out.append("\\r");
            case '\t' -> out.append("\\t");
            default -> {
                if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
                    out.append("\\x").append(hex(c, 2)); // C0, DEL and C1 controls: ESC is \x1b, CSI \x9b
                } else if (invisible(c)) {
                    out.append(c > 0xffff ? "\\u{" + Integer.toHexString(c) + "}" : "\\u" + hex(c, 4));
                } else {
                    out.appendCodePoint(c);
                }
            }
        }
    }

    /**
     * Format characters (bidi embeddings, overrides and isolates, marks, zero-width characters),
     * line and paragraph separators, and lone surrogates: each changes how the text around it shows,
     * or shows as nothing.
     */
    private static boolean invisible(int c) {
        int type = Character.getType(c);
        return type == Character.FORMAT
                || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR
                || type == Character.SURROGATE;
    }

    private static String hex(int c, int digits) {
        String h = Integer.toHexString(c);
        return "0".repeat(Math.max(0, digits - h.length())) + h;
    }
}
