package dev.guard.sandbox.s3;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * S3's two ways of writing an instant: ISO 8601 with exactly three fractional digits in XML
 * ({@code 2009-10-12T17:50:30.000Z}) and RFC 1123 in headers ({@code Mon, 12 Oct 2009 17:50:30
 * GMT}). Objects keep whole seconds, so both name the same instant.
 */
final class Timestamps {
    private static final DateTimeFormatter XML =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    // RFC 1123 as HTTP writes it: a two-digit day (Java's RFC_1123_DATE_TIME writes "3 Jun").
    private static final DateTimeFormatter HTTP = DateTimeFormatter.ofPattern(
                    "EEE, dd MMM uuuu HH:mm:ss 'GMT'", Locale.US)
            .withZone(ZoneOffset.UTC);

    private Timestamps() {}

    static String xml(Instant instant) {
        return XML.format(instant);
    }

    static String http(Instant instant) {
        return HTTP.format(instant);
    }
}
