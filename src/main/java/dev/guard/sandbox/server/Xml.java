package dev.guard.sandbox.server;

/** A small builder for the XML the query and REST-XML protocols answer with. */
public final class Xml {
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
                default -> out.append(c);
            }
        }
    }

    private static boolean special(char c) {
        return c == '<' || c == '>' || c == '&' || c == '"' || c == '\'';
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
