package dev.guard.term;

/**
 * ANSI colours for human output, off when {@code --no-color} or {@code NO_COLOR} is set, when
 * output is not a terminal, or when {@code TERM=dumb}. Colour only ever adds emphasis: the text
 * reads the same without it.
 */
public final class Style {
    private final boolean enabled;

    public Style(boolean enabled) {
        this.enabled = enabled;
    }

    public boolean enabled() {
        return enabled;
    }

    public String bold(String s) {
        return wrap("1", s);
    }

    public String dim(String s) {
        return wrap("2", s);
    }

    public String red(String s) {
        return wrap("31", s);
    }

    public String green(String s) {
        return wrap("32", s);
    }

    public String yellow(String s) {
        return wrap("33", s);
    }

    private String wrap(String code, String s) {
        return enabled ? "\u001b[" + code + "m" + s + "\u001b[0m" : s;
    }
}
