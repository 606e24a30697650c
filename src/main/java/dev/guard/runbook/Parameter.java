package dev.guard.runbook;

import dev.guard.yaml.Position;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A runbook parameter. A value must match {@code pattern} as a whole (not just contain a match),
 * so a pattern without anchors still cannot let extra text through.
 */
public record Parameter(
        String name,
        Optional<String> description,
        Optional<Pattern> pattern,
        Optional<String> defaultValue,
        Position position) {

    public Optional<String> problemWith(String value) {
        if (pattern.isPresent() && !pattern.get().matcher(value).matches()) {
            return Optional.of("value '" + value + "' does not match the pattern "
                    + pattern.get().pattern());
        }
        return Optional.empty();
    }
}
