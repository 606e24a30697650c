package dev.guard.sandbox.s3;

import java.time.Instant;
import java.time.LocalDateTime;
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
        // By hand for the common case (listings write one per object): 4-digit years, as XML has.
        LocalDateTime t = LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
        if (t.getYear() < 1000 || t.getYear() > 9999) {
            return XML.format(instant);
        }
        StringBuilder s = new StringBuilder(24).append(t.getYear()).append('-');
        two(s, t.getMonthValue()).append('-');
        two(s, t.getDayOfMonth()).append('T');
        two(s, t.getHour()).append(':');
        two(s, t.getMinute()).append(':');
        two(s, t.getSecond()).append('.');
        int millis = t.getNano() / 1_000_000;
        return s.append((char) ('0' + millis / 100))
                .append((char) ('0' + millis / 10 % 10))
                .append((char) ('0' + millis % 10))
                .append('Z')
                .toString();
    }

    private static StringBuilder two(StringBuilder s, int value) {
        return s.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
    }

    static String http(Instant instant) {
        return HTTP.format(instant);
    }
}
