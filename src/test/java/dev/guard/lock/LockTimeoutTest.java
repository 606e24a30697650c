package dev.guard.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.guard.error.GuardException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LockTimeoutTest {
    @Test
    void readsSecondsMinutesHoursAndTheirSums() {
        assertThat(LockTimeout.parse("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(LockTimeout.parse("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(LockTimeout.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(LockTimeout.parse(" 0 ")).isZero();
        assertThat(LockTimeout.parse("24h")).isEqualTo(Duration.ofHours(24));
    }

    @Test
    void anythingElseIsExit2NamingTheOption() {
        for (String bad : new String[] {"", "5", "5 m", "-5m", "5min", "1d", "PT5M", "25h", "m"}) {
            assertThatThrownBy(() -> LockTimeout.parse(bad))
                    .as(bad)
                    .isInstanceOf(GuardException.class)
                    .satisfies(e -> assertThat(((GuardException) e).exitCode()).isEqualTo(2))
                    .hasMessageStartingWith("--lock-timeout '");
        }
    }

    @Test
    void formatsAsTheOptionIsWritten() {
        assertThat(LockTimeout.format(Duration.ofMinutes(5))).isEqualTo("5m");
        assertThat(LockTimeout.format(Duration.ofSeconds(90))).isEqualTo("1m30s");
        assertThat(LockTimeout.format(Duration.ofHours(1))).isEqualTo("1h");
        assertThat(LockTimeout.format(Duration.ZERO)).isEqualTo("0s");
    }
}
