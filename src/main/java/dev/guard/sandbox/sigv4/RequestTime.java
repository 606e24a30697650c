package dev.guard.sandbox.sigv4;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** A request timestamp in SigV4's basic ISO 8601 form ({@code 20150830T123600Z}) and as an instant. */
record RequestTime(String amzDate, Instant instant) {
    private static final DateTimeFormatter BASIC = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

    /** Parses an X-Amz-Date value; a malformed one makes the signature incomplete. */
    static RequestTime ofAmzDate(String amzDate) {
        try {
            return new RequestTime(amzDate, LocalDateTime.parse(amzDate, BASIC).toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            throw new VerificationFailure(
                    Reason.INCOMPLETE_SIGNATURE,
                    "X-Amz-Date '" + amzDate + "' is not in the form yyyyMMdd'T'HHmmss'Z'");
        }
    }

    /** Parses an HTTP Date header (RFC 1123), signed in its basic ISO 8601 form. */
    static RequestTime ofHttpDate(String httpDate) {
        try {
            Instant instant = ZonedDateTime.parse(httpDate.strip(), DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant();
            return new RequestTime(BASIC.format(instant.atOffset(ZoneOffset.UTC)), instant);
        } catch (DateTimeParseException e) {
            throw new VerificationFailure(
                    Reason.INCOMPLETE_SIGNATURE, "Date header '" + httpDate + "' is not an RFC 1123 date");
        }
    }

    static String format(Instant instant) {
        return BASIC.format(instant.atOffset(ZoneOffset.UTC));
    }
}
