package dev.guard.sandbox.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimestampsTest {
    private static final Instant JUNE_THIRD = Instant.parse("2026-06-03T09:05:07Z");

    @Test
    void xmlTimestampsHaveExactlyThreeFractionalDigits() {
        assertThat(Timestamps.xml(JUNE_THIRD)).isEqualTo("2026-06-03T09:05:07.000Z");
        assertThat(Timestamps.xml(Instant.parse("2026-06-03T09:05:07.123456789Z")))
                .isEqualTo("2026-06-03T09:05:07.123Z");
    }

    @Test
    void headerDatesAreRfc1123WithATwoDigitDay() {
        assertThat(Timestamps.http(JUNE_THIRD)).isEqualTo("Wed, 03 Jun 2026 09:05:07 GMT");
    }
}
