package dev.guard.term;

import java.util.Locale;
import java.util.Optional;

/**
 * The two questions guard asks before a change — a typed word or a y/N — asked the same way by
 * {@code run}, {@code apply} and {@code approve}.
 */
public final class Ask {
    /** How many times a mistyped answer is asked in all: a slip is forgiven, a guess is not. */
    public static final int TRIES = 3;

    private static final int SHOWN = 60;

    private Ask() {}

    /**
     * "Type 'WORD' to WHAT:". The word is shown escaped (a name may hold a line break or a bidi
     * override); typed, it must be the real word or exactly the escaped spelling shown, which stands
     * for that word alone. A mistyped word is asked again, saying what was wrong, up to {@link
     * #TRIES} times in all; an empty answer or the end of input declines at once.
     *
     * @throws PromptCancelled Ctrl-C at the prompt
     */
    public static boolean typed(Terminal terminal, String word, String what) {
        String prompt = Printable.of("Type '" + word + "' to " + what + ": ");
        for (int attempt = 1; ; attempt++) {
            Optional<String> answer = terminal.readLine(prompt);
            String typed = answer.orElse("").strip();
            if (typed.equals(word) || typed.equals(Printable.of(word))) {
                return true;
            }
            if (typed.isEmpty() || attempt == TRIES) {
                return false;
            }
            terminal.println(mismatch(typed, word) + "; " + triesLeft(attempt));
        }
    }

    /** What was wrong with a typed word, shown escaped and shortened: it is not a secret, but may be long. */
    static String mismatch(String typed, String word) {
        String shown = Printable.of(typed.length() > SHOWN ? typed.substring(0, SHOWN) + "…" : typed);
        if (typed.equalsIgnoreCase(word)) {
            return "'" + shown + "' differs from '" + Printable.of(word) + "' in upper/lower case; type it exactly";
        }
        return "'" + shown + "' is not '" + Printable.of(word) + "'";
    }

    /** "2 tries left", after {@code attempt} of {@link #TRIES} went wrong. */
    public static String triesLeft(int attempt) {
        int left = TRIES - attempt;
        return left + (left == 1 ? " try" : " tries") + " left";
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
