package dev.guard.runbook;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An Amazon Resource Name taken apart: {@code arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE}. The
 * one place guard decides what an ARN, a role ARN and a virtual MFA device ARN look like.
 *
 * <p>The partition is {@code aws} or {@code aws-} followed by one or two lowercase words: {@code
 * aws}, {@code aws-cn}, {@code aws-us-gov}, the isolated {@code aws-iso}, {@code aws-iso-b}, {@code
 * aws-iso-e}, {@code aws-iso-f} and {@code aws-eusc} (every partition the AWS SDK's partitions.json
 * names), and a new one of the same shape; {@code awsx} or {@code aws-} is not one.
 *
 * @param resource everything after the account, as written ({@code role/path/Name})
 */
public record Arn(String partition, String service, String region, String account, String resource) {
    private static final Pattern PARTITION = Pattern.compile("aws(?:-[a-z]+){0,2}");
    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
    // IAM names: letters, digits and +=,.@_- ; a path of such names before them.
    private static final Pattern ROLE = Pattern.compile("role/(?:[\\w+=,.@-]+/)*[\\w+=,.@-]{1,64}");
    private static final Pattern MFA_DEVICE = Pattern.compile("mfa/(?:[\\w+=,.@-]+/)*[\\w+=,.@-]{1,128}");
    private static final Pattern USER = Pattern.compile("user/(?:[\\w+=,.@-]+/)*[\\w+=,.@-]{1,64}");

    /** Any well-formed ARN: six parts, a known partition shape, a service; region, account may be empty. */
    public static Optional<Arn> parse(String text) {
        String[] parts = text.split(":", 6);
        if (parts.length != 6
                || !parts[0].equals("arn")
                || !PARTITION.matcher(parts[1]).matches()
                || parts[2].isEmpty()
                || !(parts[4].isEmpty() || ACCOUNT.matcher(parts[4]).matches())
                || parts[5].isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Arn(parts[1], parts[2], parts[3], parts[4], parts[5]));
    }

    /** An IAM role ARN: {@code arn:aws:iam::123456789012:role/NAME}, optionally with a path. */
    public static Optional<Arn> role(String text) {
        return iam(text, ROLE);
    }

    /** A virtual MFA device ARN: {@code arn:aws:iam::123456789012:mfa/NAME}, optionally with a path. */
    public static Optional<Arn> mfaDevice(String text) {
        return iam(text, MFA_DEVICE);
    }

    /** An IAM user ARN: {@code arn:aws:iam::123456789012:user/NAME}, optionally with a path. */
    public static Optional<Arn> user(String text) {
        return iam(text, USER);
    }

    /** The ARN of role {@code name} in {@code account}, in the {@code aws} partition. */
    public static Arn role(String account, String name) {
        return new Arn("aws", "iam", "", account, "role/" + name);
    }

    private static Optional<Arn> iam(String text, Pattern resource) {
        // Plain control flow, not Optional.filter: on JDK 17 a lambda costs ~60 µs to link on first use.
        Optional<Arn> parsed = parse(text);
        if (parsed.isEmpty()) {
            return parsed;
        }
        Arn a = parsed.get();
        return a.service.equals("iam")
                        && a.region.isEmpty()
                        && !a.account.isEmpty()
                        && resource.matcher(a.resource).matches()
                ? parsed
                : Optional.empty();
    }

    /** The resource's own name: after its type and path ({@code role/ops/Admin} → {@code Admin}). */
    public String resourceName() {
        return resource.substring(resource.lastIndexOf('/') + 1);
    }

    /** The ARN as AWS writes it. */
    public String format() {
        return String.join(":", "arn", partition, service, region, account, resource);
    }

    @Override
    public String toString() {
        return format();
    }
}
