package dev.guard.yaml;

/** Showing untrusted text in messages without letting it act on the terminal. */
public final class Text {
    private Text() {}

    /** "U+001B" */
    public static String codePoint(char c) {
        return String.format("U+%04X", (int) c);
    }

    /** {@code s} with control characters written as {@code \u001b} escapes, so a message stays one inert line. */
    public static String visible(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean control = c < 0x20 || (c >= 0x7f && c <= 0x9f);
            if (control && out == null) {
                out = new StringBuilder(s.substring(0, i));
            }
            if (out != null) {
                if (control) {
                    out.append("\\u").append(String.format("%04x", (int) c));
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? s : out.toString();
    }
}
