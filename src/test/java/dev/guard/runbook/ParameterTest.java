package dev.guard.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.re2j.Pattern;
import dev.guard.yaml.Position;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ParameterTest {
    private static Parameter withPattern(String regex) {
        return new Parameter(
                "p", Optional.empty(), Optional.of(Pattern.compile(regex)), Optional.empty(), new Position(1, 1));
    }

    @Test
    void aShortValueIsQuotedWhole() {
        assertThat(withPattern("^i-[0-9a-f]{8,17}$").problemWith("nope"))
                .contains("value 'nope' does not match the pattern ^i-[0-9a-f]{8,17}$");
    }

    /** {@code -p id=$(cat big-file)} printed the whole 100 kB value back as the error "line". */
    @Test
    void aHugeValueIsShownByItsStartAndLength() {
        String problem = withPattern("^i-[0-9a-f]{8,17}$")
                .problemWith("x".repeat(100_000))
                .orElseThrow();

        assertThat(problem).hasSizeLessThan(400).contains("(100000 characters)").contains("does not match");
    }

    @Test
    void aHugeValueWithAControlCharacterIsShownShortToo() {
        String problem =
                withPattern(".*").problemWith("x".repeat(100_000) + "\u001b").orElseThrow();

        assertThat(problem).hasSizeLessThan(400).contains("U+001B");
    }

    @Test
    void aCutNeverSplitsACharacterInTwo() {
        String problem =
                withPattern("^a$").problemWith("\uD83D\uDE00".repeat(1000)).orElseThrow();

        assertThat(problem).doesNotContain("\uD83D'").contains("\uD83D\uDE00…'");
    }
}
