package dev.guard.sandbox.sigv4;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** AWS's two sentences for a request outside the 15-minute window, each said once. */
class RequestTimeTest {
    private static final Instant NOW = Instant.parse("2026-12-01T06:50:00Z");
    private static final Duration WINDOW = Duration.ofMinutes(15);

    @Test
    void aRequestFromThePastHasExpired() {
        assertThat(RequestTime.ofAmzDate("20261201T060000Z").skewMessage(NOW, WINDOW))
                .isEqualTo("Signature expired: 20261201T060000Z is now earlier than 20261201T063500Z"
                        + " (20261201T065000Z - 15 min.)");
    }

    @Test
    void aRequestFromTheFutureIsNotYetCurrent() {
        assertThat(RequestTime.ofAmzDate("20261201T080000Z").skewMessage(NOW, WINDOW))
                .isEqualTo("Signature not yet current: 20261201T080000Z is still later than 20261201T070500Z"
                        + " (20261201T065000Z + 15 min.)");
    }
}
