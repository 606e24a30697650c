package dev.guard.term;

import java.util.Locale;

/**
 * The two questions guard asks before a change — a typed word or a y/N — asked the same way by
 * {@code run}, {@code apply} and {@code approve}.
 */
public final class Ask {
    private Ask() {}

    /**
     * "Type 'WORD' to WHAT:". The word is shown escaped (a name may hold a line break or a bidi
     * override); typed, it must be the real word or exactly the escaped spelling shown, which stands
     * for that word alone.
     *
     * @throws PromptCancelled Ctrl-C at the prompt
     */
    public static boolean typed(Terminal terminal, String word, String what) {
        String typed = terminal.readLine(Printable.of("Type '" + word + "' to " + what + ": "))
                .orElse("")
                .strip();
        return typed.equals(word) || typed.equals(Printable.of(word));
    }

    /**
     * "WHAT? [y/N]": only y or yes (any case) accepts.
     *
     * @throws PromptCancelled Ctrl-C at the prompt
     */
    public static boolean yes(Terminal terminal, String what) {
        String answer = terminal.readLine(
                        Printable.of(Character.toUpperCase(what.charAt(0)) + what.substring(1) + "? [y/N] "))
                .orElse("")
                .strip()
                .toLowerCase(Locale.ROOT);
        return answer.equals("y") || answer.equals("yes");
    }
}
