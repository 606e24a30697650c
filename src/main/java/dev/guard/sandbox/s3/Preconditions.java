package dev.guard.sandbox.s3;

import dev.guard.sandbox.server.AwsError;
import dev.guard.sandbox.server.Call;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Optional;

/**
 * GetObject's and HeadObject's conditional headers, as S3 evaluates them (RFC 7232 with S3's
 * precedence): an If-Match that fails is 412 and an If-None-Match that matches is 304;
 * If-Unmodified-Since counts only without If-Match, If-Modified-Since only without If-None-Match. A transfer client downloading a multipart object in ranges sends
 * If-Match with the first range's ETag on the others, so the object cannot change under it.
 */
final class Preconditions {
    static final String[] HEADERS = {"if-match", "if-none-match", "if-modified-since", "if-unmodified-since"};

    private Preconditions() {}

    /** Empty when the read goes ahead; 304 (as an empty reply status) when not modified; 412 thrown. */
    static Optional<Integer> check(Call call, String etag, Instant lastModified) {
        String ifMatch = call.header("if-match");
        String ifNoneMatch = call.header("if-none-match");
        if (ifMatch != null && !matches(ifMatch, etag)) {
            throw failed("If-Match");
        }
        Optional<Instant> unmodifiedSince = date(call.header("if-unmodified-since"));
        if (ifMatch == null && unmodifiedSince.isPresent() && lastModified.isAfter(unmodifiedSince.get())) {
            throw failed("If-Unmodified-Since");
        }
        if (ifNoneMatch != null && matches(ifNoneMatch, etag)) {
            return Optional.of(304);
        }
        Optional<Instant> modifiedSince = date(call.header("if-modified-since"));
        if (ifNoneMatch == null && modifiedSince.isPresent() && !lastModified.isAfter(modifiedSince.get())) {
            return Optional.of(304);
        }
        return Optional.empty();
    }

    private static boolean matches(String header, String etag) {
        return Arrays.stream(header.split(","))
                .map(String::strip)
                .anyMatch(v -> v.equals("*") || v.replace("\"", "").equals(etag.replace("\"", "")));
    }

    /** An HTTP date; one that does not parse is ignored, as S3 ignores it. */
    private static Optional<Instant> date(String header) {
        if (header == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(ZonedDateTime.parse(header.strip(), DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static AwsError failed(String condition) {
        return new AwsError(412, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold")
                .withDetail("Condition", condition);
    }
}
