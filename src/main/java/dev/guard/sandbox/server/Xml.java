package dev.guard.sandbox.server;

/** A small builder for the XML the query and REST-XML protocols answer with. */
public final class Xml {
    private static final char REPLACEMENT = '\uFFFD';
    private final StringBuilder out = new StringBuilder(2048);

    public Xml() {
        out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    }

    public Xml open(String name) {
        out.append('<').append(name).append('>');
        return this;
    }

    public Xml open(String name, String xmlns) {
        out.append('<').append(name).append(" xmlns=\"").append(xmlns).append("\">");
        return this;
    }

    public Xml close(String name) {
        out.append("</").append(name).append('>');
        return this;
    }

    /** {@code <name>text</name>}, escaped; nothing when {@code text} is null. */
    public Xml element(String name, Object text) {
        if (text != null) {
            open(name);
            escape(String.valueOf(text));
            close(name);
        }
        return this;
    }

    private void escape(String s) {
        int first = 0;
        while (first < s.length() && !special(s.charAt(first))) {
            first++;
        }
        // Most values (ids, keys, dates) need no escaping: copy them whole.
        out.append(s, 0, first);
        for (int i = first; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                // A parser would turn a raw CR into LF.
                case '\r' -> out.append("&#13;");
                default -> out.append(allowed(s, i) ? c : REPLACEMENT);
            }
        }
    }

    private static boolean special(char c) {
        return c == '<' || c == '>' || c == '&' || c == '"' || c == '\'' || c < 0x20 || c >= 0xD800;
    }

    /**
     * Whether XML 1.0 allows the char at {@code i}: not a control other than tab and newline, not
     * U+FFFE/U+FFFF, not half a surrogate pair. No escape can carry the others, so they are replaced.
     */
    private static boolean allowed(String s, int i) {
        char c = s.charAt(i);
        if (c < 0x20) {
            return c == '\t' || c == '\n';
        }
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        if (Character.isLowSurrogate(c)) {
            return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
        }
        return c != 0xFFFE && c != 0xFFFF;
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
