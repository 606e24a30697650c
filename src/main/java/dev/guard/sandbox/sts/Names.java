package dev.guard.sandbox.sts;

import dev.guard.sandbox.server.AwsError;
import java.util.regex.Pattern;

/** STS's rules for session names and source identities. */
final class Names {
    private static final Pattern ALLOWED = Pattern.compile("[\\w+=,.@-]*");

    private Names() {}

    static void check(String member, String value, int min, int max) {
        if (value.length() < min
                || value.length() > max
                || !ALLOWED.matcher(value).matches()) {
            throw AwsError.validation("1 validation error detected: Value '" + value + "' at '" + member
                    + "' failed to satisfy constraint: Member must have length between " + min + " and " + max
                    + " and match the pattern [\\w+=,.@-]*");
        }
    }
}
