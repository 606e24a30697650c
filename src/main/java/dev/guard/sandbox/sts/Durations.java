package dev.guard.sandbox.sts;

import dev.guard.sandbox.server.AwsError;

/** STS's DurationSeconds rules and messages. */
final class Durations {
    private Durations() {}

    static int parse(String value, int defaultSeconds, int min, int max, String member) {
        if (value == null || value.isEmpty()) {
            return defaultSeconds;
        }
        int seconds;
        try {
            seconds = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw AwsError.validation("1 validation error detected: Value '" + value + "' at '" + member
                    + "' failed to satisfy constraint: Member must be a number");
        }
        if (seconds < min) {
            throw AwsError.validation("1 validation error detected: Value '" + seconds + "' at '" + member
                    + "' failed to satisfy constraint: Member must have value greater than or equal to " + min);
        }
        if (seconds > max) {
            throw AwsError.validation("1 validation error detected: Value '" + seconds + "' at '" + member
                    + "' failed to satisfy constraint: Member must have value less than or equal to " + max);
        }
        return seconds;
    }
}
