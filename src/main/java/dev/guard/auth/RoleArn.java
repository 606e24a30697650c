package dev.guard.auth;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An IAM role ARN taken apart, so the planner can check its account and name it in reasons. */
record RoleArn(String arn, String accountId, String name) {
    // Partitions aws, aws-cn, aws-us-gov...; an optional path before the name.
    private static final Pattern SHAPE =
            Pattern.compile("arn:aws[a-z-]*:iam::(\\d{12}):role/(?:[\\w+=,.@-]+/)*([\\w+=,.@-]{1,64})");

    static Optional<RoleArn> parse(String text) {
        Matcher m = SHAPE.matcher(text);
        return m.matches() ? Optional.of(new RoleArn(text, m.group(1), m.group(2))) : Optional.empty();
    }
}
