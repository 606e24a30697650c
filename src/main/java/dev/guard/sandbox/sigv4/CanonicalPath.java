package dev.guard.sandbox.sigv4;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The CanonicalURI line. S3 signs the path exactly as sent (already encoded once, never
 * normalised: {@code a//b/../c} is a valid key). Every other service signs the path with dot
 * segments and empty segments removed, then encoded a second time ({@code %20} becomes {@code
 * %2520}).
 */
final class CanonicalPath {
    private CanonicalPath() {}

    static String of(String rawPath, String service) {
        if (rawPath.isEmpty()) {
            return "/";
        }
        if ("s3".equals(service)) {
            return rawPath;
        }
        return UriEncoding.encode(normalise(rawPath), true);
    }

    /** RFC 3986 dot-segment removal that also drops empty segments, as the SDKs do. */
    static String normalise(String path) {
        if (path.indexOf("/.") < 0 && path.indexOf("//") < 0) {
            return path.startsWith("/") ? path : "/" + path;
        }
        Deque<String> segments = new ArrayDeque<>();
        int start = 0;
        while (start <= path.length()) {
            int end = path.indexOf('/', start);
            if (end < 0) {
                end = path.length();
            }
            String segment = path.substring(start, end);
            if (segment.equals("..")) {
                segments.pollLast();
            } else if (!segment.isEmpty() && !segment.equals(".")) {
                segments.addLast(segment);
            }
            start = end + 1;
        }
        if (segments.isEmpty()) {
            return "/";
        }
        StringBuilder out = new StringBuilder(path.length());
        for (String segment : segments) {
            out.append('/').append(segment);
        }
        if (path.endsWith("/")) {
            out.append('/');
        }
        return out.toString();
    }
}
