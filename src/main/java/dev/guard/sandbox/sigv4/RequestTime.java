package dev.guard.sandbox.sigv4;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/** A request timestamp in SigV4's basic ISO 8601 form ({@code 20150830T123600Z}) and as an instant. */
record RequestTime(String amzDate, Instant instant) {
    private static final DateTimeFormatter BASIC = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

    /** Parses an X-Amz-Date value; a malformed one makes the signature incomplete. */
    static RequestTime ofAmzDate(String amzDate) {
        try {
            return new RequestTime(amzDate, parseBasic(amzDate).toInstant(ZoneOffset.UTC));
        } catch (DateTimeException e) {
            throw new VerificationFailure(
                    Reason.INCOMPLETE_SIGNATURE,
                    "X-Amz-Date '" + amzDate + "' is not in the form yyyyMMdd'T'HHmmss'Z'");
        }
    }

    /**
     * {@code yyyyMMdd'T'HHmmss'Z'} by hand: DateTimeFormatter's parse was a measurable share of
     * every request's verification. Exactly as strict: 16 characters, ASCII digits, fields in
     * range (LocalDateTime.of checks them, including the day of the month).
     */
    private static LocalDateTime parseBasic(String s) {
        if (s.length() != 16 || s.charAt(8) != 'T' || s.charAt(15) != 'Z') {
            throw new DateTimeException("not yyyyMMdd'T'HHmmss'Z'");
        }
        return LocalDateTime.of(
                digits(s, 0, 4),
                digits(s, 4, 6),
                digits(s, 6, 8),
                digits(s, 9, 11),
                digits(s, 11, 13),
                digits(s, 13, 15));
    }

    private static int digits(String s, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                throw new DateTimeException("not a digit: " + c);
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /** Parses an HTTP Date header (RFC 1123), signed in its basic ISO 8601 form. */
    static RequestTime ofHttpDate(String httpDate) {
        try {
            Instant instant = ZonedDateTime.parse(httpDate.strip(), DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant();
            return new RequestTime(BASIC.format(instant.atOffset(ZoneOffset.UTC)), instant);
        } catch (DateTimeException e) {
            throw new VerificationFailure(
                    Reason.INCOMPLETE_SIGNATURE, "Date header '" + httpDate + "' is not an RFC 1123 date");
        }
    }

    /**
     * AWS's sentence for a request outside the allowed window, the whole message of STS's, IAM's
     * and DynamoDB's error (e.g. "Signature expired: 20261201T060000Z is now earlier than
     * 20261201T063500Z (20261201T065000Z - 15 min.)", and for a clock ahead "Signature not yet
     * current: ... is still later than ... (... + 15 min.)"), as AWS CLI and SDK issue reports
     * quote them.
     */
    String skewMessage(Instant now, java.time.Duration window) {
        long minutes = window.toMinutes();
        if (instant.isBefore(now)) {
            return "Signature expired: " + amzDate + " is now earlier than " + format(now.minus(window)) + " ("
                    + format(now) + " - " + minutes + " min.)";
        }
        return "Signature not yet current: " + amzDate + " is still later than " + format(now.plus(window)) + " ("
                + format(now) + " + " + minutes + " min.)";
    }

    static String format(Instant instant) {
        return BASIC.format(instant.atOffset(ZoneOffset.UTC));
    }
}
