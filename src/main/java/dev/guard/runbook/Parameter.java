package dev.guard.runbook;

import com.google.re2j.Pattern;
import dev.guard.yaml.Position;
import dev.guard.yaml.Text;
import java.util.Optional;

/**
 * A runbook parameter. A value must match {@code pattern} as a whole (not just contain a match),
 * so a pattern without anchors still cannot let extra text through. Patterns are RE2 (RE2/J):
 * matching takes time linear in the value, so no pattern can hang guard.
 */
public record Parameter(
        String name,
        Optional<String> description,
        Optional<Pattern> pattern,
        Optional<String> defaultValue,
        Position position) {

    public Optional<String> problemWith(String value) {
        // Values reach the terminal, the audit log and AWS: one line of text that reads as it is.
        Optional<String> unsafe = Text.unsafeCharacter(value, false);
        if (unsafe.isPresent()) {
            return Optional.of("value " + quoted(value) + " contains " + unsafe.get()
                    + ", which could change what the terminal shows");
        }
        if (pattern.isPresent() && !pattern.get().matches(value)) {
            return Optional.of("value " + quoted(value) + " does not match the pattern "
                    + pattern.get().pattern());
        }
        return Optional.empty();
    }

    /** Longest value quoted whole in a message; a longer one (a file pasted into -p) is cut. */
    static final int SHOWN = 200;

    /** The value as a message quotes it: whole, or its start and its length, on one readable line. */
    static String quoted(String value) {
        if (value.length() <= SHOWN) {
            return "'" + value + "'";
        }
        int end = value.offsetByCodePoints(0, value.codePointCount(0, SHOWN / 2));
        return "'" + value.substring(0, end) + "…' (" + value.length() + " characters)";
    }
}
