package dev.guard.sandbox.sts;

import dev.guard.sandbox.server.AwsError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * STS's request validation, the model constraints of the STS API (botocore's
 * {@code sts/2011-06-15/service-2.json}: lengths, patterns, ranges) checked as AWS's front end
 * checks them: every violated constraint of every parameter, in the operation's member order, in
 * one 400 ValidationError — "1 validation error detected: Value 'x' at 'tokenCode' failed to
 * satisfy constraint: Member must satisfy regular expression pattern: [\d]*", or "2 validation
 * errors detected: ...; ...". Values are echoed as AWS echoes them (none of these members is
 * marked sensitive in the model). A parameter's length is checked before its pattern.
 */
final class Constraints {
    private static final Pattern NAME = Pattern.compile("[\\w+=,.@-]*");
    private static final Pattern EXTERNAL_ID = Pattern.compile("[\\w+=,.@:/-]*");
    private static final Pattern SERIAL = Pattern.compile("[\\w+=/:,.@-]*");
    private static final Pattern DIGITS = Pattern.compile("[\\d]*");
    // arnType: any printable character, tab, line feed or carriage return.
    private static final Pattern ARN = Pattern.compile(
            "[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u0085\\u00A0-\\uD7FF\\uE000-\\uFFFD\\x{10000}-\\x{10FFFF}]+");

    private final Map<String, String> params;
    private final List<String> violations = new ArrayList<>();

    private Constraints(Map<String, String> params) {
        this.params = params;
    }

    /** AssumeRole's members in the model's order; PolicyArns and Policy are SessionPolicies'. */
    static void assumeRole(Map<String, String> params) {
        new Constraints(params)
                .string(
                        "RoleArn",
                        "roleArn",
                        true,
                        20,
                        2048,
                        ARN,
                        "[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u0085\\u00A0-\\uD7FF\\uE000-\\uFFFD\\u10000-\\u10FFFF]+")
                .string("RoleSessionName", "roleSessionName", true, 2, 64, NAME, "[\\w+=,.@-]*")
                .integer("DurationSeconds", "durationSeconds", 900, 43_200)
                .string("ExternalId", "externalId", false, 2, 1224, EXTERNAL_ID, "[\\w+=,.@:\\/-]*")
                .mfa()
                .string("SourceIdentity", "sourceIdentity", false, 2, 64, NAME, "[\\w+=,.@-]*")
                .raise();
    }

    static void getSessionToken(Map<String, String> params) {
        new Constraints(params)
                .integer("DurationSeconds", "durationSeconds", 900, 129_600)
                .mfa()
                .raise();
    }

    private Constraints mfa() {
        return string("SerialNumber", "serialNumber", false, 9, 256, SERIAL, "[\\w+=/:,.@-]*")
                .string("TokenCode", "tokenCode", false, 6, 6, DIGITS, "[\\d]*");
    }

    private Constraints string(
            String param, String member, boolean required, int min, int max, Pattern pattern, String shown) {
        String value = params.get(param);
        if (value == null) {
            if (required) {
                violations.add("Value null at '" + member + "' failed to satisfy constraint: Member must not be null");
            }
            return this;
        }
        int length = value.codePointCount(0, value.length());
        if (length < min) {
            violate(value, member, "Member must have length greater than or equal to " + min);
        }
        if (length > max) {
            violate(value, member, "Member must have length less than or equal to " + max);
        }
        if (!pattern.matcher(value).matches() && !value.isEmpty()) {
            violate(value, member, "Member must satisfy regular expression pattern: " + shown);
        }
        return this;
    }

    private Constraints integer(String param, String member, int min, int max) {
        String value = params.get(param);
        if (value == null || value.isEmpty()) {
            return this;
        }
        long number;
        try {
            number = Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            // Not a member constraint: the query protocol cannot read the value as an integer.
            throw AwsError.validation("1 validation error detected: Value '" + value + "' at '" + member
                    + "' failed to satisfy constraint: Member must be a number");
        }
        if (number < min) {
            violate(Long.toString(number), member, "Member must have value greater than or equal to " + min);
        }
        if (number > max) {
            violate(Long.toString(number), member, "Member must have value less than or equal to " + max);
        }
        return this;
    }

    private void violate(String value, String member, String constraint) {
        violations.add("Value '" + value + "' at '" + member + "' failed to satisfy constraint: " + constraint);
    }

    private void raise() {
        if (violations.isEmpty()) {
            return;
        }
        int n = violations.size();
        throw AwsError.validation(
                n + " validation error" + (n == 1 ? "" : "s") + " detected: " + String.join("; ", violations));
    }
}
