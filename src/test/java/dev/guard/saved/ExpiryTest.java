package dev.guard.saved;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.guard.error.GuardException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExpiryTest {
    @Test
    void readsDaysHoursMinutesSecondsAndTheirSums() {
        assertThat(Expiry.parse("24h")).isEqualTo(Duration.ofHours(24));
        assertThat(Expiry.parse("90m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Expiry.parse("7d")).isEqualTo(Duration.ofDays(7));
        assertThat(Expiry.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Expiry.parse("45s")).isEqualTo(Duration.ofSeconds(45));
        assertThat(Expiry.parse("6d23h59m59s")).isEqualTo(Duration.ofDays(7).minusSeconds(1));
        assertThat(Expiry.DEFAULT).isEqualTo(Duration.ofHours(24));
    }

    @ParameterizedTest
    @ValueSource(strings = {"8d", "168h1s", "7d1m", "9999999d"})
    void moreThanSevenDaysIsRefused(String text) {
        assertThatThrownBy(() -> Expiry.parse(text))
                .isInstanceOf(GuardException.class)
                .hasMessageContaining("more than 7 days")
                .satisfies(e -> assertThat(((GuardException) e).exitCode()).isEqualTo(2));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "h", "24", "1 h", "-1h", "1w", "PT24H", "1.5h", "24H", "0h", "0d0m"})
    void anythingElseIsRefusedAsNotADuration(String text) {
        assertThatThrownBy(() -> Expiry.parse(text))
                .isInstanceOf(GuardException.class)
                .hasMessageStartingWith("--expires-in: '" + text + "'")
                .satisfies(e -> assertThat(((GuardException) e).exitCode()).isEqualTo(2));
    }
}
