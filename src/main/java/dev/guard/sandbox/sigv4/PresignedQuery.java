package dev.guard.sandbox.sigv4;

import java.util.List;

/** The X-Amz-* parameters of a presigned URL. */
record PresignedQuery(
        String accessKeyId,
        CredentialScope scope,
        String amzDate,
        long expiresSeconds,
        String signedHeaders,
        List<String> signedHeaderNames,
        String signature,
        String securityToken) {

    static final String SIGNATURE = "X-Amz-Signature";
    static final long MAX_EXPIRES_SECONDS = 604_800;

    /** True when the query carries any presigning parameter, so a presigned URL was meant. */
    static boolean isPresent(QueryParameters query) {
        return query.first("X-Amz-Algorithm") != null
                || query.first("X-Amz-Credential") != null
                || query.first(SIGNATURE) != null;
    }

    static PresignedQuery parse(QueryParameters query) {
        String algorithm = require(query, "X-Amz-Algorithm");
        if (!AuthorizationHeader.ALGORITHM.equals(algorithm)) {
            throw malformed("X-Amz-Algorithm only supports \"" + AuthorizationHeader.ALGORITHM + "\"");
        }
        CredentialScope.Credential credential = CredentialScope.parseCredential(require(query, "X-Amz-Credential"));
        String amzDate = require(query, "X-Amz-Date");
        String signedHeaders = require(query, "X-Amz-SignedHeaders");
        String signature = require(query, SIGNATURE);
        return new PresignedQuery(
                credential.accessKeyId(),
                credential.scope(),
                amzDate,
                expires(require(query, "X-Amz-Expires")),
                signedHeaders,
                AuthorizationHeader.signedHeaderNames(signedHeaders),
                signature,
                query.first("X-Amz-Security-Token"));
    }

    private static long expires(String text) {
        long seconds;
        try {
            seconds = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw malformed("X-Amz-Expires should be a number of seconds, got '" + text + "'");
        }
        if (seconds < 0) {
            throw malformed("X-Amz-Expires must be non-negative");
        }
        if (seconds > MAX_EXPIRES_SECONDS) {
            throw malformed("X-Amz-Expires must be less than a week (in seconds) that is 604800");
        }
        return seconds;
    }

    private static String require(QueryParameters query, String name) {
        String value = query.first(name);
        if (value == null || value.isEmpty()) {
            throw malformed("Query-string authentication requires the " + name + " parameter");
        }
        return value;
    }

    private static VerificationFailure malformed(String message) {
        return new VerificationFailure(Reason.INCOMPLETE_SIGNATURE, message);
    }
}
