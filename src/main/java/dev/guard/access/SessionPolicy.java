package dev.guard.access;

import dev.guard.error.GuardException;
import dev.guard.json.Json;
import dev.guard.json.JsonException;
import dev.guard.json.JsonReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * An inline session policy sent as AssumeRole's {@code Policy}: the role session can do only what
 * both the role's policies and this one allow.
 *
 * @param json the policy as sent (compact JSON)
 * @param label how the audit log and messages name it: "read-only" or "policy sha256:…"
 */
public record SessionPolicy(String json, String label) {
    /** AWS's limit on the plaintext of the session policies of one call (AssumeRole, "Policy"). */
    public static final int MAX_CHARACTERS = 2048;

    /**
     * Read prefixes of the services guard's users reach most. IAM's Action grammar is
     * "service:action" and its reference documents wildcards only within the action name, so each
     * service is named: a read in a service not listed is denied too (the safe side).
     */
    private static final List<String> SERVICES = List.of(
            "ec2",
            "s3",
            "dynamodb",
            "iam",
            "rds",
            "lambda",
            "logs",
            "cloudwatch",
            "cloudformation",
            "cloudtrail",
            "elasticloadbalancing",
            "autoscaling",
            "sns",
            "sqs",
            "route53",
            "ecs",
            "eks",
            "ecr",
            "kms",
            "ssm",
            "tag",
            "organizations",
            "backup",
            "acm",
            "apigateway",
            "events",
            "secretsmanager");

    /**
     * {@code --read-only}: an Allow of everything (so the role's own policies decide what is
     * readable) and an explicit Deny of every action that is not a read. Explicit, because an
     * explicit deny wins over every allow, including a resource policy (a bucket policy) naming the
     * role session directly, which an implicit deny by a narrower Allow would not stop. STS's only
     * allowed actions are its Get* calls: an AssumeRole from the session would start a new session
     * without this policy.
     */
    public static SessionPolicy readOnly() {
        List<String> reads = Stream.concat(
                        SERVICES.stream().flatMap(s -> Stream.of(s + ":Describe*", s + ":Get*", s + ":List*")),
                        Stream.of(
                                "sts:GetCallerIdentity",
                                "dynamodb:BatchGetItem",
                                "dynamodb:Query",
                                "dynamodb:Scan",
                                "logs:FilterLogEvents"))
                .toList();
        Map<String, Object> policy = ordered(
                "Version",
                "2012-10-17",
                "Statement",
                List.of(
                        ordered("Sid", "GuardReadOnlyAllow", "Effect", "Allow", "Action", "*", "Resource", "*"),
                        ordered(
                                "Sid",
                                "GuardReadOnlyDenyChanges",
                                "Effect",
                                "Deny",
                                "NotAction",
                                reads,
                                "Resource",
                                "*")));
        return new SessionPolicy(Json.compact(policy), "read-only");
    }

    /**
     * {@code --session-policy FILE}: the user's own policy, checked before STS sees it: JSON, an
     * object with a Statement of Effect Allow or Deny, within AWS's character limit and alphabet.
     *
     * @param from names the file in a message
     * @throws GuardException (invalid input) saying where and what is wrong
     */
    public static SessionPolicy fromFile(String text, String from) {
        Object parsed;
        try {
            parsed = JsonReader.parse(text);
        } catch (JsonException | IllegalArgumentException e) {
            throw GuardException.invalid(from + ": not valid JSON (" + e.getMessage() + ")");
        }
        if (!(parsed instanceof Map<?, ?> policy)) {
            throw GuardException.invalid(from + ": a policy is a JSON object with a Statement");
        }
        Object statement = policy.get("Statement");
        List<?> statements = statement instanceof List<?> l ? l : statement == null ? List.of() : List.of(statement);
        if (statements.isEmpty()) {
            throw GuardException.invalid(from + ": the policy has no Statement");
        }
        for (Object s : statements) {
            if (!(s instanceof Map<?, ?> m) || !List.of("Allow", "Deny").contains(m.get("Effect"))) {
                throw GuardException.invalid(from + ": every Statement is an object with Effect Allow or Deny");
            }
        }
        String compact = Json.compact(parsed);
        if (compact.length() > MAX_CHARACTERS) {
            throw GuardException.invalid(from + ": the policy is " + compact.length()
                    + " characters without spaces; AWS takes at most " + MAX_CHARACTERS);
        }
        if (!compact.chars().allMatch(c -> c >= 0x20 && c <= 0xFF)) {
            throw GuardException.invalid(from + ": AWS accepts only characters U+0020 to U+00FF in a session policy");
        }
        return new SessionPolicy(compact, "policy sha256:" + digest(compact));
    }

    /** The first 16 hex digits of the policy's SHA-256: names it in the audit log without its text. */
    static String digest(String json) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(json.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static Map<String, Object> ordered(Object... namesAndValues) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            m.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return m;
    }
}
