package dev.guard.sandbox.s3;

import dev.guard.sandbox.server.AwsError;
import java.util.regex.Pattern;

/**
 * S3's general purpose bucket naming rules, checked before CreateBucket does anything: 3-63
 * characters of lower-case letters, digits, dots and hyphens, beginning and ending with a letter
 * or digit, no two adjacent dots, not an IP address, and none of the prefixes and suffixes S3
 * reserves. us-east-1 has refused the legacy names (upper case, underscores) since 2018.
 */
final class BucketNames {
    private static final Pattern SHAPE = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private BucketNames() {}

    static boolean valid(String name) {
        return SHAPE.matcher(name).matches()
                && !name.contains("..")
                && !IPV4.matcher(name).matches()
                && !name.startsWith("xn--")
                && !name.startsWith("sthree-")
                && !name.startsWith("amzn-s3-demo-")
                && !name.endsWith("-s3alias")
                && !name.endsWith("--ol-s3")
                && !name.endsWith(".mrap")
                && !name.endsWith("--x-s3")
                && !name.endsWith("--table-s3");
    }

    /** S3's answer to a name that breaks the rules: 400 InvalidBucketName, naming it. */
    static void check(String name) {
        if (!valid(name)) {
            throw new AwsError(400, "InvalidBucketName", "The specified bucket is not valid.")
                    .withDetail("BucketName", name);
        }
    }
}
