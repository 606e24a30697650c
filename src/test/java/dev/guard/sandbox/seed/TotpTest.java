package dev.guard.sandbox.seed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 6238 codes as AWS virtual MFA devices compute them, and how the sandbox accepts them. */
class TotpTest {
    /** RFC 6238 Appendix B's SHA1 seed, "12345678901234567890" in ASCII, as base32. */
    private static final String RFC_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

    private static final Instant NOW = Instant.ofEpochSecond(1_111_111_111L);

    @ParameterizedTest
    @CsvSource({
        "59, 94287082",
        "1111111109, 07081804",
        "1111111111, 14050471",
        "1234567890, 89005924",
        "2000000000, 69279037",
        "20000000000, 65353130"
    })
    void matchesRfc6238TestVectorsForSha1(long epochSecond, String eightDigits) {
        Instant at = Instant.ofEpochSecond(epochSecond);
        assertThat(Totp.code(RFC_SECRET, at, 8)).isEqualTo(eightDigits);
        // Six digits are the last six of the same truncated value (modulo 10^6 instead of 10^8).
        assertThat(Totp.code(RFC_SECRET, at)).isEqualTo(eightDigits.substring(2));
    }

    @Test
    void codesKeepTheirLeadingZeros() {
        assertThat(Totp.code(RFC_SECRET, Instant.ofEpochSecond(1_111_111_109L))).isEqualTo("081804");
    }

    @Test
    void aCodeStaysTheSameForItsWholeStepAndChangesAtTheBoundary() {
        assertThat(Totp.code(RFC_SECRET, Instant.ofEpochSecond(30)))
                .isEqualTo(Totp.code(RFC_SECRET, Instant.ofEpochSecond(59)));
        assertThat(Totp.code(RFC_SECRET, Instant.ofEpochSecond(60)))
                .isNotEqualTo(Totp.code(RFC_SECRET, Instant.ofEpochSecond(59)));
        assertThat(Totp.step(Instant.ofEpochSecond(59))).isEqualTo(1);
        assertThat(Totp.step(Instant.ofEpochSecond(60))).isEqualTo(2);
        assertThat(Totp.startOf(2)).isEqualTo(Instant.ofEpochSecond(60));
    }

    @Test
    void theCurrentCodeMatchesTheCurrentStep() {
        String code = Totp.code(RFC_SECRET, NOW);
        assertThat(Totp.matchingStep(RFC_SECRET, code, NOW)).contains(Totp.step(NOW));
    }

    @Test
    void oneStepOfClockSkewIsAcceptedEitherWayAndReportsTheStepThatMatched() {
        long current = Totp.step(NOW);
        String previous = Totp.code(RFC_SECRET, NOW.minusSeconds(30));
        String next = Totp.code(RFC_SECRET, NOW.plusSeconds(30));
        assertThat(Totp.matchingStep(RFC_SECRET, previous, NOW)).contains(current - 1);
        assertThat(Totp.matchingStep(RFC_SECRET, next, NOW)).contains(current + 1);
    }

    @Test
    void twoStepsAwayIsRejected() {
        assertThat(Totp.matchingStep(RFC_SECRET, Totp.code(RFC_SECRET, NOW.minusSeconds(60)), NOW))
                .isEmpty();
        assertThat(Totp.matchingStep(RFC_SECRET, Totp.code(RFC_SECRET, NOW.plusSeconds(60)), NOW))
                .isEmpty();
    }

    @Test
    void anotherDevicesCodeIsRejected() {
        String other = SeedLoader.bundled()
                .userByName("alice")
                .orElseThrow()
                .mfaDevice()
                .orElseThrow()
                .base32Secret();
        String code = Totp.code(other, NOW);
        assertThat(Totp.matchingStep(RFC_SECRET, code, NOW)).isEmpty();
    }

    @Test
    void onlySixDigitsCanMatch() {
        String code = Totp.code(RFC_SECRET, NOW);
        assertThat(Totp.matchingStep(RFC_SECRET, null, NOW)).isEmpty();
        assertThat(Totp.matchingStep(RFC_SECRET, "", NOW)).isEmpty();
        assertThat(Totp.matchingStep(RFC_SECRET, " " + code, NOW)).isEmpty();
        assertThat(Totp.matchingStep(RFC_SECRET, "14" + code, NOW)).isEmpty();
        assertThat(Totp.matchingStep(RFC_SECRET, "12345a", NOW)).isEmpty();
        assertThat(Totp.matchingStep(RFC_SECRET, "１２３４５６", NOW)).isEmpty();
    }

    @Test
    void remainingCountsDownToTheNextStep() {
        assertThat(Totp.remaining(Instant.ofEpochSecond(60))).isEqualTo(Duration.ofSeconds(30));
        assertThat(Totp.remaining(Instant.ofEpochSecond(59))).isEqualTo(Duration.ofSeconds(1));
        assertThat(Totp.remaining(Instant.ofEpochSecond(45))).isEqualTo(Duration.ofSeconds(15));
        assertThat(Totp.remaining(Instant.ofEpochMilli(59_500))).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void secretsAreReadLikeAuthenticatorAppsReadThem() {
        String spaced = "gezd gnbv gy3t qojq gezd gnbv gy3t qojq";
        assertThat(Totp.code(spaced, NOW)).isEqualTo(Totp.code(RFC_SECRET, NOW));
    }

    @Test
    void aBrokenSecretIsRefusedWithoutEchoingIt() {
        assertThatThrownBy(() -> Totp.code("NOT-BASE32!", NOW))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("NOT-BASE32");
        assertThatThrownBy(() -> Totp.code("", NOW)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theSeedsDevicesProduceCodes() {
        SeedWorld world = SeedLoader.bundled();
        for (String user : new String[] {"alice", "sofia"}) {
            SeedMfaDevice device =
                    world.userByName(user).orElseThrow().mfaDevice().orElseThrow();
            String code = Totp.code(device.base32Secret(), NOW);
            assertThat(code).matches("[0-9]{6}");
            assertThat(Totp.matchingStep(device.base32Secret(), code, NOW)).contains(Totp.step(NOW));
        }
    }
}
