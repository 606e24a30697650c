package dev.guard.sandbox.timing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SpeedTest {
    private static final Duration SHUTDOWN = Duration.ofSeconds(30);

    @Test
    void aFactorDividesAwsTime() {
        assertThat(Speed.parse("1").scale(SHUTDOWN)).isEqualTo(SHUTDOWN);
        assertThat(Speed.parse("10").scale(SHUTDOWN)).isEqualTo(Duration.ofSeconds(3));
        assertThat(Speed.parse("0.5").scale(SHUTDOWN)).isEqualTo(Duration.ofSeconds(60));
        assertThat(Speed.parse(" 1000 ").scale(SHUTDOWN)).isEqualTo(Duration.ofMillis(30));
        assertThat(Speed.REHEARSAL).isEqualTo(Speed.parse("10.0"));
    }

    @Test
    void instantOrZeroMeansNoTransition() {
        Instant now = Instant.parse("2026-12-01T00:00:00Z");
        for (String text : new String[] {"instant", "INSTANT", "0", "0.0"}) {
            Speed s = Speed.parse(text);
            assertThat(s.instant()).as(text).isTrue();
            assertThat(s.settles(now, SHUTDOWN)).as(text).isEmpty();
        }
        assertThat(Speed.parse("2").settles(now, SHUTDOWN)).contains(now.plusSeconds(15));
    }

    @Test
    void itPrintsAsTyped() {
        assertThat(Speed.parse("10")).hasToString("10");
        assertThat(Speed.parse("0.50")).hasToString("0.5");
        assertThat(Speed.INSTANT).hasToString("instant");
    }

    @ParameterizedTest
    @ValueSource(strings = {"fast", "", "-1", "NaN", "Infinity", "0.001", "1001", "10x"})
    void anythingElseIsRefusedWithWhatIsAccepted(String text) {
        assertThatThrownBy(() -> Speed.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + text + "'")
                .hasMessageContaining("0 / instant");
    }

    @Test
    void aTransitionIsOverAtItsEndNotBefore() {
        Instant at = Instant.parse("2026-12-01T00:00:03Z");
        assertThat(Settling.due(at, at.minusNanos(1))).isFalse();
        assertThat(Settling.due(at, at)).isTrue();
        assertThat(Settling.due(null, at)).isFalse();
    }
}
