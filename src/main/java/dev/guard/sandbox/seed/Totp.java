package dev.guard.sandbox.seed;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.Key;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import javax.crypto.spec.SecretKeySpec;

/**
 * RFC 6238 time-based one-time passwords as AWS virtual MFA devices use them: HMAC-SHA1, 30-second
 * steps, 6 digits, secrets in base32. The sandbox accepts the step before and after the current
 * one (clock skew), and {@link #matchingStep} returns which step matched, so the server can
 * refuse a code that was already used in its window. Thread-safe.
 */
public final class Totp {
    public static final Duration STEP = Duration.ofSeconds(30);
    public static final int DIGITS = 6;

    /** Steps accepted either side of the current one. */
    public static final int SKEW_STEPS = 1;

    private static final TimeBasedOneTimePasswordGenerator SIX_DIGITS =
            new TimeBasedOneTimePasswordGenerator(STEP, DIGITS);

    private Totp() {}

    /** The code of {@code base32Secret}'s device at {@code at}. */
    public static String code(String base32Secret, Instant at) {
        return code(SIX_DIGITS, key(base32Secret), at);
    }

    /** The RFC 6238 time step (T) that {@code at} falls in: whole 30-second periods since the epoch. */
    public static long step(Instant at) {
        return Math.floorDiv(at.getEpochSecond(), STEP.getSeconds());
    }

    /**
     * The time step whose code is {@code code}, trying the current step, then the previous and
     * the next; empty when none matches or {@code code} is not six digits.
     */
    public static Optional<Long> matchingStep(String base32Secret, String code, Instant now) {
        Key key = key(base32Secret);
        if (code == null || !code.matches("[0-9]{" + DIGITS + "}")) {
            return Optional.empty();
        }
        byte[] offered = code.getBytes(StandardCharsets.US_ASCII);
        long current = step(now);
        Optional<Long> match = Optional.empty();
        // Every candidate is computed and compared in constant time, so timing tells nothing.
        for (long step : new long[] {current, current - 1, current + 1}) {
            byte[] expected = code(SIX_DIGITS, key, startOf(step)).getBytes(StandardCharsets.US_ASCII);
            if (MessageDigest.isEqual(expected, offered) && match.isEmpty()) {
                match = Optional.of(step);
            }
        }
        return match;
    }

    /** Time left in the step {@code now} falls in (1 ms .. 30 s). */
    public static Duration remaining(Instant now) {
        long stepMillis = STEP.toMillis();
        return Duration.ofMillis(stepMillis - Math.floorMod(now.toEpochMilli(), stepMillis));
    }

    /** The instant a time step starts. */
    public static Instant startOf(long step) {
        return Instant.ofEpochSecond(step * STEP.getSeconds());
    }

    /** Any length, for RFC 6238's 8-digit test vectors. */
    static String code(String base32Secret, Instant at, int digits) {
        return code(new TimeBasedOneTimePasswordGenerator(STEP, digits), key(base32Secret), at);
    }

    private static String code(TimeBasedOneTimePasswordGenerator generator, Key key, Instant at) {
        int value;
        try {
            value = generator.generateOneTimePassword(key, at);
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA1 refused a raw key", e);
        }
        // Zero-padded by hand: the library's String form uses the default locale's digits.
        StringBuilder text = new StringBuilder(Integer.toString(value));
        while (text.length() < generator.getPasswordLength()) {
            text.insert(0, '0');
        }
        return text.toString();
    }

    private static Key key(String base32Secret) {
        byte[] bytes = Base32.decode(base32Secret);
        if (bytes.length == 0) {
            throw new IllegalArgumentException("the TOTP secret is empty");
        }
        return new SecretKeySpec(bytes, TimeBasedOneTimePasswordGenerator.TOTP_ALGORITHM_HMAC_SHA1);
    }
}
