package dev.guard.sandbox.sigv4;

/**
 * The scope a signature is bound to: {@code date/region/service/aws4_request}, where the date is
 * the UTC day (yyyyMMdd) of the request's timestamp.
 */
record CredentialScope(String date, String region, String service) {
    static final String TERMINATOR = "aws4_request";

    /**
     * Splits {@code AKID/20261123/us-east-1/sts/aws4_request} into the access key id and the scope.
     */
    static Credential parseCredential(String credential) {
        String[] parts = credential.split("/", -1);
        if (parts.length != 5 || parts[0].isEmpty()) {
            throw malformed("Credential should have the form ACCESS_KEY/yyyyMMdd/region/service/aws4_request, got '"
                    + credential + "'");
        }
        if (!isDay(parts[1])) {
            throw malformed("Credential date '" + parts[1] + "' is not yyyyMMdd");
        }
        if (parts[2].isEmpty() || parts[3].isEmpty()) {
            throw malformed("Credential should be scoped to a region and a service");
        }
        if (!TERMINATOR.equals(parts[4])) {
            throw malformed(
                    "Credential should be scoped with a valid terminator: 'aws4_request', not '" + parts[4] + "'");
        }
        return new Credential(parts[0], new CredentialScope(parts[1], parts[2], parts[3]));
    }

    /** The scope as it appears in the string to sign. */
    String value() {
        return date + '/' + region + '/' + service + '/' + TERMINATOR;
    }

    /** The region must be one AWS has, as AWS requires: a typo would otherwise pass silently. */
    void requireKnownRegion() {
        if (!Regions.isKnown(region)) {
            throw new VerificationFailure(
                    Reason.UNKNOWN_REGION, "Credential should be scoped to a valid region, not '" + region + "'.");
        }
    }

    /** The signature's day must be the request timestamp's day. */
    void requireDayOf(String amzTimestamp) {
        if (!amzTimestamp.startsWith(date)) {
            throw malformed("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from"
                    + " HTTP: '" + date + "' != '" + amzTimestamp.substring(0, Math.min(8, amzTimestamp.length()))
                    + "'");
        }
    }

    private static boolean isDay(String text) {
        if (text.length() != 8) {
            return false;
        }
        for (int i = 0; i < 8; i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static VerificationFailure malformed(String message) {
        return new VerificationFailure(Reason.INCOMPLETE_SIGNATURE, message);
    }

    /** An access key id with the scope it signed for. */
    record Credential(String accessKeyId, CredentialScope scope) {}
}
