package dev.guard.config;

import java.util.regex.Pattern;

/**
 * Where approvals live (config {@code approvals:}; DESIGN.md §7.2): an S3 bucket whose policy lets
 * each IAM user write, with MFA, only under {@code PREFIX/${aws:username}/}, so an approval's key
 * proves who made it.
 *
 * @param prefix without a leading or trailing slash ({@code approvals})
 * @param accountId the bucket's account: approvers are IAM users of this account
 * @param region where the bucket is
 */
public record ApprovalsStore(String bucket, String prefix, String accountId, String region) {
    /** Path segments of S3's safe characters, so the key that proves who approved reads one way only. */
    public static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9!_.*'()-]+(/[A-Za-z0-9!_.*'()-]+)*");

    public static final String DEFAULT_PREFIX = "approvals";

    /** {@code PREFIX/user/} */
    public String userPrefix(String user) {
        return prefix + "/" + user + "/";
    }

    /** {@code s3://bucket/prefix/}, for messages. */
    public String describe() {
        return "s3://" + bucket + "/" + prefix + "/";
    }
}
