package dev.guard.sandbox.server;

/** A small builder for the XML the query and REST-XML protocols answer with. */
public final class Xml {
    private final StringBuilder out = new StringBuilder(512);

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
        for (int i = 0; i < s.length(); i++) {
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

    @Override
    public String toString() {
        return out.toString();
    }
}
