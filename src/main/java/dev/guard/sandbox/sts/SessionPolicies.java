package dev.guard.sandbox.sts;

import dev.guard.sandbox.iam.NamedPolicy;
import dev.guard.sandbox.iam.PolicyDocument;
import dev.guard.sandbox.iam.PolicyException;
import dev.guard.sandbox.server.AwsError;
import dev.guard.sandbox.state.IamDirectory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * AssumeRole's session policies, checked as STS checks them: {@code Policy} (one inline JSON
 * policy, 1 to 2,048 characters of tab, line feed, carriage return or U+0020..U+00FF) and {@code
 * PolicyArns.member.N.arn} (up to 10 managed policies of the role's account, or AWS managed ones).
 *
 * <p>STS also packs the policies into a binary format with a limit of its own and answers with
 * PackedPolicySize, a percentage of it. The format is not public; the sandbox counts the
 * characters of the inline policy without whitespace and of the ARNs, with 1,600 of them as 100%.
 * That matches the two public data points (AWS's AssumeRole example, a 113-character policy at
 * single-digit percent; a reported 1,690-character policy refused at 157%) closely enough to show
 * the rule: a policy within the plaintext limit can still be too large once packed.
 */
final class SessionPolicies {
    static final int MAX_POLICY_CHARS = 2048;
    static final int MAX_POLICY_ARNS = 10;
    static final int PACKED_CHARS = 1600;
    /** The name the inline session policy goes by in decisions and the journal: "session-policy#Sid". */
    static final String INLINE_NAME = "session-policy";

    private static final Pattern POLICY_CHARS = Pattern.compile("[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+");

    /** The session policies given, and how much of the packed space they use; {@code none()} when none were. */
    record Given(List<NamedPolicy> policies, Optional<Integer> packedPolicySize) {
        static Given none() {
            return new Given(List.of(), Optional.empty());
        }
    }

    private SessionPolicies() {}

    /** The Policy and PolicyArns parameters, checked and resolved; errors as STS answers them. */
    static Given read(Map<String, String> params, String roleAccount, IamDirectory iam) {
        Optional<String> inline = Optional.ofNullable(params.get("Policy"));
        List<String> arns = arns(params);
        if (inline.isEmpty() && arns.isEmpty()) {
            return Given.none();
        }
        inline.ifPresent(SessionPolicies::checkText);
        List<NamedPolicy> policies = new ArrayList<>();
        inline.ifPresent(text -> policies.add(parse(text)));
        for (String arn : arns) {
            policies.add(resolve(arn, roleAccount, iam));
        }
        int packed = packedPercent(inline, arns);
        if (packed > 100) {
            throw new AwsError(
                    400,
                    "PackedPolicyTooLarge",
                    "Packed policy consumes " + packed + "% of allotted space, please use smaller policy.");
        }
        return new Given(policies, Optional.of(packed));
    }

    private static List<String> arns(Map<String, String> params) {
        List<String> arns = new ArrayList<>();
        for (int i = 1; params.containsKey("PolicyArns.member." + i + ".arn"); i++) {
            arns.add(params.get("PolicyArns.member." + i + ".arn"));
        }
        if (arns.size() > MAX_POLICY_ARNS) {
            throw AwsError.validation("1 validation error detected: Value at 'policyArns' failed to satisfy"
                    + " constraint: Member must have length less than or equal to " + MAX_POLICY_ARNS);
        }
        for (int i = 0; i < arns.size(); i++) {
            int length = arns.get(i).length();
            if (length < 20 || length > 2048) {
                throw AwsError.validation("1 validation error detected: Value at 'policyArns." + (i + 1)
                        + ".member.arn' failed to satisfy constraint: Member must have length between 20 and 2048");
            }
        }
        return arns;
    }

    private static void checkText(String text) {
        if (text.isEmpty() || text.length() > MAX_POLICY_CHARS) {
            throw AwsError.validation("1 validation error detected: Value at 'policy' failed to satisfy constraint:"
                    + " Member must have length "
                    + (text.isEmpty()
                            ? "greater than or equal to 1"
                            : "less than or" + " equal to " + MAX_POLICY_CHARS));
        }
        if (!POLICY_CHARS.matcher(text).matches()) {
            throw AwsError.validation("1 validation error detected: Value at 'policy' failed to satisfy constraint:"
                    + " Member must satisfy regular expression pattern: [\\u0009\\u000A\\u000D\\u0020-\\u00FF]+");
        }
    }

    private static NamedPolicy parse(String text) {
        try {
            return new NamedPolicy(INLINE_NAME, PolicyDocument.parseJson(text).requireIdentityPolicy());
        } catch (PolicyException e) {
            throw new AwsError(400, "MalformedPolicyDocument", "The session policy is malformed: " + e.getMessage());
        }
    }

    // STS's own wording when a PolicyArns entry names no managed policy it can use.
    private static NamedPolicy resolve(String arn, String roleAccount, IamDirectory iam) {
        boolean usable = arn.startsWith("arn:aws:iam::aws:policy/")
                || arn.startsWith("arn:aws:iam::" + roleAccount + ":policy/");
        return iam.managedPolicy(arn)
                .filter(p -> usable)
                .orElseThrow(() -> new AwsError(
                        400,
                        "InvalidParameterValue",
                        "At least one Policy ARN in the PolicyArns parameter does not match an existing IAM"
                                + " Managed Policy ARN."));
    }

    static int packedPercent(Optional<String> inline, List<String> arns) {
        long chars = inline.map(
                        t -> t.chars().filter(c -> !Character.isWhitespace(c)).count())
                .orElse(0L);
        for (String arn : arns) {
            chars += arn.length();
        }
        return (int) Math.max(1, (chars * 100 + PACKED_CHARS - 1) / PACKED_CHARS);
    }
}
