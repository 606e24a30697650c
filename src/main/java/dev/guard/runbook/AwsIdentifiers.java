package dev.guard.runbook;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The shapes AWS accepts for the identifiers runbooks name. Each check returns why a value is
 * wrong, or empty when it is fine, so callers can put the reason in a {@code file:line:col}
 * message before any AWS call is made. ARNs are {@link Arn}'s: one partition rule everywhere.
 *
 * <p>Plain control flow rather than lambdas and method references: a validate runs these, and on
 * JDK 17 each lambda call site costs about 60 µs to link the first time it runs.
 */
public final class AwsIdentifiers {
    private static final Pattern INSTANCE_ID = Pattern.compile("i-(?:[0-9a-f]{8}|[0-9a-f]{17})");
    private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z0-9_.-]{3,255}");
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");
    private static final Pattern ACCOUNT_ALIAS = Pattern.compile("[a-z][a-z0-9-]{0,62}");
    private static final Pattern ROLE_NAME = Pattern.compile("[\\w+=,.@-]{1,64}");
    private static final Pattern HARDWARE_MFA_SERIAL = Pattern.compile("[A-Z0-9]{9,64}");
    private static final Pattern TAG_KEY = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]{1,128}");

    private AwsIdentifiers() {}

    public static Optional<String> instanceId(String v) {
        return INSTANCE_ID.matcher(v).matches()
                ? Optional.empty()
                : Optional.of("'" + v + "' is not an EC2 instance id (i- followed by 8 or 17 lowercase hex digits)");
    }

    public static Optional<String> tableName(String v) {
        return TABLE_NAME.matcher(v).matches()
                ? Optional.empty()
                : Optional.of("'" + v + "' is not a DynamoDB table name (3-255 of A-Z a-z 0-9 _ . -)");
    }

    public static Optional<String> bucketName(String v) {
        String why = null;
        if (!BUCKET.matcher(v).matches()) {
            why = "3-63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit";
        } else if (v.contains("..")) {
            why = "no two adjacent dots";
        } else if (IPV4.matcher(v).matches()) {
            why = "not formatted like an IP address";
        } else if (v.startsWith("xn--") || v.startsWith("sthree-") || v.endsWith("-s3alias") || v.endsWith("--ol-s3")) {
            why = "no reserved prefix (xn--, sthree-) or suffix (-s3alias, --ol-s3)";
        }
        return why == null ? Optional.empty() : Optional.of("'" + v + "' is not a valid S3 bucket name (" + why + ")");
    }

    public static Optional<String> objectKey(String v) {
        int bytes = v.getBytes(StandardCharsets.UTF_8).length;
        if (bytes == 0) {
            return Optional.of("an S3 object key must not be empty");
        }
        if (bytes > 1024) {
            return Optional.of("an S3 object key is at most 1024 bytes (UTF-8); this one is " + bytes);
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return Optional.of("S3 object key contains control characters");
            }
        }
        return Optional.empty();
    }

    /** A key prefix may be shorter than a key but not empty: an empty prefix selects the whole bucket. */
    public static Optional<String> objectPrefix(String v) {
        if (v.isEmpty()) {
            return Optional.of("an empty prefix would select every object in the bucket; name a prefix");
        }
        return objectKey(v);
    }

    /** Refuses what cannot be a region; see {@link AwsRegions} (an unknown but plausible one only warns). */
    public static Optional<String> region(String v) {
        return AwsRegions.problem(v);
    }

    public static boolean isAccountId(String v) {
        return ACCOUNT_ID.matcher(v).matches();
    }

    public static Optional<String> accountIdOrAlias(String v) {
        if (isAccountId(v) || ACCOUNT_ALIAS.matcher(v).matches()) {
            return Optional.empty();
        }
        if (allDigits(v)) {
            return Optional.of(
                    "'" + v + "' is not an AWS account id (exactly 12 digits; quote ids with leading zeros)");
        }
        return Optional.of(
                "'" + v + "' is neither a 12-digit account id nor an account alias (lowercase letters, digits, -)");
    }

    private static boolean allDigits(String v) {
        for (int i = 0; i < v.length(); i++) {
            if (!Character.isDigit(v.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    public static boolean isAccountAlias(String v) {
        return ACCOUNT_ALIAS.matcher(v).matches() && !isAccountId(v);
    }

    /** A role is a name in the target account or a full role ARN. */
    public static Optional<String> role(String v) {
        if (v.startsWith("arn:")) {
            return Arn.role(v).isPresent()
                    ? Optional.empty()
                    : Optional.of("'" + v + "' is not an IAM role ARN (arn:aws:iam::123456789012:role/NAME)");
        }
        return ROLE_NAME.matcher(v).matches()
                ? Optional.empty()
                : Optional.of("'" + v + "' is not an IAM role name (1-64 of letters, digits and +=,.@_-)");
    }

    /** The account id inside a role ARN, if {@code v} is one. */
    public static Optional<String> roleArnAccount(String v) {
        Optional<Arn> arn = Arn.role(v);
        return arn.isPresent() ? Optional.of(arn.get().account()) : Optional.empty();
    }

    /** The role name inside a role ARN, or the value itself when it is a name. */
    public static String roleName(String v) {
        Optional<Arn> arn = Arn.role(v);
        return arn.isPresent() ? arn.get().resourceName() : v;
    }

    public static String roleArn(String accountId, String roleOrArn) {
        return roleOrArn.startsWith("arn:")
                ? roleOrArn
                : Arn.role(accountId, roleOrArn).format();
    }

    /** A virtual MFA device ARN, or a hardware device's serial number. */
    public static Optional<String> mfaSerial(String v) {
        return Arn.mfaDevice(v).isPresent() || HARDWARE_MFA_SERIAL.matcher(v).matches()
                ? Optional.empty()
                : Optional.of(
                        "'" + v + "' is not an MFA device (arn:aws:iam::123456789012:mfa/NAME or a hardware serial)");
    }

    /** The account that owns a virtual MFA device: the caller's own account. */
    public static Optional<String> mfaSerialAccount(String v) {
        Optional<Arn> arn = Arn.mfaDevice(v);
        return arn.isPresent() ? Optional.of(arn.get().account()) : Optional.empty();
    }

    public static Optional<String> tagKey(String v) {
        return TAG_KEY.matcher(v).matches()
                ? Optional.empty()
                : Optional.of("'" + v + "' is not a valid tag key (1-128 letters, digits, spaces and _.:/=+-@)");
    }

    public static Optional<String> tagValue(String v) {
        return v.length() <= 256 ? Optional.empty() : Optional.of("a tag value is at most 256 characters");
    }
}
