package dev.guard.sandbox.s3;

import dev.guard.sandbox.server.AwsError;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A GetObject {@code Range: bytes=first-last} (or {@code first-}, or {@code -suffix}), clipped to
 * the object. Like S3, a header it cannot read (or several ranges) is ignored and the whole object
 * is sent; a range that starts past the end is InvalidRange (416).
 */
record ByteRange(int first, int last, int objectSize) {
    private static final Pattern ONE_RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");

    static Optional<ByteRange> of(String header, int size) {
        Matcher m = header == null ? null : ONE_RANGE.matcher(header.strip());
        if (m == null || !m.matches() || m.group(1).isEmpty() && m.group(2).isEmpty()) {
            return Optional.empty();
        }
        long first;
        long last;
        if (m.group(1).isEmpty()) {
            long suffix = Long.parseLong(m.group(2));
            first = Math.max(0, size - suffix);
            last = size - 1L;
            if (suffix == 0) {
                throw invalid(header, size);
            }
        } else {
            first = Long.parseLong(m.group(1));
            last = m.group(2).isEmpty() ? size - 1L : Math.min(Long.parseLong(m.group(2)), size - 1L);
            if (last < first && first < size) {
                return Optional.empty(); // bytes=5-2: unreadable, so the whole object
            }
        }
        if (first >= size) {
            throw invalid(header, size);
        }
        return Optional.of(new ByteRange((int) first, (int) last, size));
    }

    int length() {
        return last - first + 1;
    }

    String contentRange() {
        return "bytes " + first + "-" + last + "/" + objectSize;
    }

    private static AwsError invalid(String header, int size) {
        return new AwsError(416, "InvalidRange", "The requested range is not satisfiable")
                .withDetail("RangeRequested", header.strip())
                .withDetail("ActualObjectSize", Integer.toString(size));
    }
}
