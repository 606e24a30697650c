package dev.guard.sandbox.sigv4;

import java.util.List;

/**
 * The canonical form of a request, built from the client's SignedHeaders only:
 *
 * <pre>
 * METHOD \n CanonicalURI \n CanonicalQuery \n name:value\n... \n SignedHeaders \n PayloadHash
 * </pre>
 */
record CanonicalRequest(
        String method,
        String canonicalUri,
        String canonicalQuery,
        String canonicalHeaders,
        String signedHeaders,
        String payloadHash) {

    static CanonicalRequest of(
            SignedRequest request,
            String service,
            QueryParameters query,
            String excludedParameter,
            String signedHeaders,
            List<String> signedHeaderNames,
            String payloadHash) {
        return new CanonicalRequest(
                request.method(),
                CanonicalPath.of(request.rawPath(), service),
                query.canonical(excludedParameter),
                canonicalHeaders(request, signedHeaderNames),
                signedHeaders,
                payloadHash);
    }

    String text() {
        return method
                + '\n'
                + canonicalUri
                + '\n'
                + canonicalQuery
                + '\n'
                + canonicalHeaders
                + '\n'
                + signedHeaders
                + '\n'
                + payloadHash;
    }

    String hash() {
        return Sha256.hex(text());
    }

    /**
     * The text with a session token (and its encoded form) and a signed {@code x-amz-mfa} ("SERIAL
     * CODE": a live MFA code) replaced, for a debug log.
     */
    String redacted(String sessionToken) {
        String text = MFA_HEADER.matcher(text()).replaceAll("$1<redacted>");
        text = MFA_PARAMETER.matcher(text).replaceAll("$1<redacted>");
        if (sessionToken == null || sessionToken.isEmpty()) {
            return text;
        }
        return text.replace(sessionToken, "<redacted>").replace(UriEncoding.encode(sessionToken, false), "<redacted>");
    }

    /** The canonical {@code x-amz-mfa:VALUE} header line (names are lower-cased there). */
    private static final java.util.regex.Pattern MFA_HEADER = java.util.regex.Pattern.compile("(?m)^(x-amz-mfa:).*$");

    /** The same header hoisted into a presigned URL's query ({@code X-Amz-Mfa=VALUE}). */
    private static final java.util.regex.Pattern MFA_PARAMETER =
            java.util.regex.Pattern.compile("(?im)((?:^|&)x-amz-mfa=)[^&\n]*");

    /**
     * One {@code name:value\n} line per signed header: values trimmed, inner whitespace runs
     * collapsed to one space, repeated headers joined by commas. A header the client signed but did
     * not send canonicalises as empty, and so fails to match.
     */
    static String canonicalHeaders(SignedRequest request, List<String> signedHeaderNames) {
        StringBuilder out = new StringBuilder(256);
        for (String name : signedHeaderNames) {
            out.append(name).append(':');
            List<String> values = request.headers().get(name);
            if (values != null) {
                for (int i = 0; i < values.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    appendTrimmed(out, values.get(i));
                }
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static void appendTrimmed(StringBuilder out, String value) {
        boolean pendingSpace = false;
        boolean started = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\u000b') {
                pendingSpace = started;
            } else {
                if (pendingSpace) {
                    out.append(' ');
                    pendingSpace = false;
                }
                out.append(c);
                started = true;
            }
        }
    }
}
