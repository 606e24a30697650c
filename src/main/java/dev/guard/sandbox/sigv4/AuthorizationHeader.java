package dev.guard.sandbox.sigv4;

import java.util.List;

/**
 * The parsed {@code Authorization: AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...}
 * header. Parsed by hand (no regex) since every request passes through here.
 */
record AuthorizationHeader(
        String accessKeyId,
        CredentialScope scope,
        String signedHeaders,
        List<String> signedHeaderNames,
        String signature) {

    static final String ALGORITHM = "AWS4-HMAC-SHA256";

    static AuthorizationHeader parse(String header) {
        String value = header.strip();
        if (!value.startsWith(ALGORITHM + ' ')) {
            int space = value.indexOf(' ');
            String scheme = space < 0 ? value : value.substring(0, space);
            throw malformed("Unsupported authorization type '" + scheme + "': only " + ALGORITHM + " is accepted");
        }
        String credential = null;
        String signedHeaders = null;
        String signature = null;
        for (String part : value.substring(ALGORITHM.length()).split(",", -1)) {
            String field = part.strip();
            int equals = field.indexOf('=');
            if (equals < 0) {
                throw malformed("Authorization header element '" + field + "' is not key=value");
            }
            String key = field.substring(0, equals);
            String fieldValue = field.substring(equals + 1);
            switch (key) {
                case "Credential" -> credential = fieldValue;
                case "SignedHeaders" -> signedHeaders = fieldValue;
                case "Signature" -> signature = fieldValue;
                default -> throw malformed("Authorization header has an unknown element '" + key + "'");
            }
        }
        if (credential == null || signedHeaders == null || signature == null) {
            throw malformed("Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters");
        }
        CredentialScope.Credential parsed = CredentialScope.parseCredential(credential);
        return new AuthorizationHeader(
                parsed.accessKeyId(), parsed.scope(), signedHeaders, signedHeaderNames(signedHeaders), signature);
    }

    /** The names the client signed, in its order; {@code host} must be among them. */
    static List<String> signedHeaderNames(String signedHeaders) {
        if (signedHeaders.isEmpty()) {
            throw malformed("SignedHeaders is empty; at least 'host' must be signed");
        }
        List<String> names = List.of(signedHeaders.split(";", -1));
        for (String name : names) {
            if (name.isEmpty()) {
                throw malformed("SignedHeaders '" + signedHeaders + "' has an empty name");
            }
        }
        if (!names.contains("host")) {
            throw malformed("'Host' must be a signed header");
        }
        return names;
    }

    private static VerificationFailure malformed(String message) {
        return new VerificationFailure(Reason.INCOMPLETE_SIGNATURE, message);
    }
}
