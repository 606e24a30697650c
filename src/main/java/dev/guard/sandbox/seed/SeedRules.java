package dev.guard.sandbox.seed;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The shapes of the seed's identifiers, as AWS defines them. Each rule returns why a value is
 * wrong, or empty when it is fine. Secrets are never echoed in the reasons.
 */
final class SeedRules {
    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");
    private static final Pattern ACCOUNT_NAME = Pattern.compile("[a-z][a-z0-9-]{0,62}");
    private static final Pattern IAM_NAME = Pattern.compile("[\\w+=,.@-]{1,64}");
    private static final Pattern LONG_IAM_NAME = Pattern.compile("[\\w+=,.@-]{1,128}");
    private static final Pattern ACCESS_KEY_ID = Pattern.compile("AKIA[A-Z0-9]{16}");
    private static final Pattern SECRET_KEY = Pattern.compile("[A-Za-z0-9/+]{40}");
    private static final Pattern MFA_SERIAL = Pattern.compile("arn:aws:iam::(\\d{12}):mfa/[\\w+=,.@/-]{1,512}");
    private static final Pattern INSTANCE_ID = Pattern.compile("i-(?:[0-9a-f]{8}|[0-9a-f]{17})");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\\d");
    private static final Pattern INSTANCE_TYPE = Pattern.compile("[a-z][a-z0-9-]*\\.[a-z0-9]+");
    private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z0-9_.-]{3,255}");
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    static final Set<String> INSTANCE_STATES =
            Set.of("pending", "running", "stopping", "stopped", "shutting-down", "terminated");
    static final Set<String> TABLE_STATUSES = Set.of("ACTIVE", "CREATING", "UPDATING", "DELETING");

    /** RFC 4226 §4 (R6): a shared secret of at least 128 bits. */
    static final int MIN_SECRET_BYTES = 16;

    private SeedRules() {}

    static Optional<String> accountId(String v) {
        return rule(ACCOUNT_ID.matcher(v).matches(), "'" + v + "' is not a 12-digit account id");
    }

    static Optional<String> accountName(String v) {
        return rule(
                ACCOUNT_NAME.matcher(v).matches(),
                "'" + v + "' is not an account name (lowercase letters, digits and -, starting with a letter)");
    }

    /** User and role names: up to 64 of letters, digits and {@code +=,.@_-}. */
    static Optional<String> iamName(String v) {
        return rule(IAM_NAME.matcher(v).matches(), "'" + v + "' is not an IAM name (1-64 of A-Z a-z 0-9 +=,.@_-)");
    }

    /** Group and policy names: up to 128 characters. */
    static Optional<String> longIamName(String v) {
        return rule(
                LONG_IAM_NAME.matcher(v).matches(), "'" + v + "' is not an IAM name (1-128 of A-Z a-z 0-9 +=,.@_-)");
    }

    static Optional<String> accessKeyId(String v) {
        return rule(
                ACCESS_KEY_ID.matcher(v).matches(),
                "'" + v + "' is not a long-term access key id (AKIA and 16 upper-case letters or digits)");
    }

    static Optional<String> secretAccessKey(String v) {
        return rule(
                SECRET_KEY.matcher(v).matches(),
                "not a secret access key (40 characters of A-Z a-z 0-9 / +; " + v.length() + " given)");
    }

    /** An MFA serial must be a virtual device ARN in the account of its user. */
    static Optional<String> mfaSerial(String v, String accountId) {
        var m = MFA_SERIAL.matcher(v);
        if (!m.matches()) {
            return Optional.of("'" + v + "' is not a virtual MFA device ARN (arn:aws:iam::ACCOUNT:mfa/NAME)");
        }
        return rule(
                m.group(1).equals(accountId),
                "'" + v + "' is in account " + m.group(1) + ", not in its user's account " + accountId);
    }

    static Optional<String> base32Secret(String v) {
        byte[] bytes;
        try {
            bytes = Base32.decode(v);
        } catch (IllegalArgumentException e) {
            return Optional.of("not a base32 TOTP secret: " + e.getMessage());
        }
        return rule(
                bytes.length >= MIN_SECRET_BYTES,
                "the TOTP secret has " + bytes.length * 8 + " bits; RFC 4226 requires at least 128 (26 base32"
                        + " characters)");
    }

    static Optional<String> instanceId(String v) {
        return rule(
                INSTANCE_ID.matcher(v).matches(),
                "'" + v + "' is not an instance id (i- and 8 or 17 lowercase hex digits)");
    }

    static Optional<String> instanceState(String v) {
        return rule(
                INSTANCE_STATES.contains(v),
                "'" + v + "' is not an instance state (" + String.join(", ", sorted(INSTANCE_STATES)) + ")");
    }

    static Optional<String> region(String v) {
        return rule(REGION.matcher(v).matches(), "'" + v + "' is not a region (e.g. eu-west-1)");
    }

    static Optional<String> instanceType(String v) {
        return rule(INSTANCE_TYPE.matcher(v).matches(), "'" + v + "' is not an instance type (e.g. t3.micro)");
    }

    static Optional<String> tableName(String v) {
        return rule(TABLE_NAME.matcher(v).matches(), "'" + v + "' is not a table name (3-255 of A-Z a-z 0-9 _ . -)");
    }

    /** DynamoDB attribute names (a key or the TTL attribute): 1 to 255 bytes of UTF-8. */
    static Optional<String> attributeName(String v) {
        int bytes = v.getBytes(StandardCharsets.UTF_8).length;
        return rule(bytes >= 1 && bytes <= 255, "'" + v + "' is not an attribute name (1-255 bytes of UTF-8)");
    }

    static Optional<String> tableStatus(String v) {
        return rule(
                TABLE_STATUSES.contains(v),
                "'" + v + "' is not a table status (" + String.join(", ", sorted(TABLE_STATUSES)) + ")");
    }

    static Optional<String> bucketName(String v) {
        boolean ok = BUCKET.matcher(v).matches()
                && !v.contains("..")
                && !IPV4.matcher(v).matches();
        return rule(ok, "'" + v + "' is not a bucket name (3-63 of a-z 0-9 . -, no '..', not an IP address)");
    }

    static Optional<String> objectKey(String v) {
        int bytes = v.getBytes(StandardCharsets.UTF_8).length;
        return rule(bytes <= 1024, "an object key is at most 1024 bytes of UTF-8; this one has " + bytes);
    }

    private static Optional<String> rule(boolean ok, String why) {
        return ok ? Optional.empty() : Optional.of(why);
    }

    private static java.util.List<String> sorted(Set<String> values) {
        return values.stream().sorted().toList();
    }
}
