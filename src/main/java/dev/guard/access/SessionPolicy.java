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
     * The reads {@code --read-only} leaves, by service. IAM's Action grammar is "service:action" and
     * its reference documents wildcards only within the action name, so each service is named and
     * a read in a service not listed is denied too (the safe side). Kept short: STS packs session
     * policies into the session token, and a policy well within the 2,048 characters can still be
     * refused as PackedPolicyTooLarge (a 1,690-character one was reported at 157%); this one is
     * about 900 characters, so repetitive that it packs far smaller.
     */
    private static final Map<String, List<String>> READS = reads();

    private static Map<String, List<String>> reads() {
        Map<String, List<String>> r = new java.util.LinkedHashMap<>();
        r.put("ec2", List.of("Describe*", "Get*"));
        r.put("s3", List.of("Get*", "List*"));
        r.put("dynamodb", List.of("Describe*", "Get*", "List*", "BatchGet*", "Query", "Scan"));
        r.put("iam", List.of("Get*", "List*"));
        r.put("sts", List.of("GetCallerIdentity"));
        r.put("rds", List.of("Describe*", "List*"));
        r.put("lambda", List.of("Get*", "List*"));
        r.put("logs", List.of("Describe*", "Get*", "FilterLogEvents"));
        r.put("cloudwatch", List.of("Describe*", "Get*", "List*"));
        r.put("cloudformation", List.of("Describe*", "Get*", "List*"));
        r.put("cloudtrail", List.of("Describe*", "Get*", "LookupEvents"));
        r.put("elasticloadbalancing", List.of("Describe*"));
        r.put("autoscaling", List.of("Describe*"));
        r.put("sns", List.of("Get*", "List*"));
        r.put("sqs", List.of("Get*", "List*"));
        r.put("route53", List.of("Get*", "List*"));
        r.put("ecs", List.of("Describe*", "List*"));
        r.put("eks", List.of("Describe*", "List*"));
        r.put("kms", List.of("Describe*", "List*"));
        return java.util.Collections.unmodifiableMap(r);
    }

    /**
     * {@code --read-only}: an Allow of everything (so the role's own policies decide what is
     * readable) and an explicit Deny of every action that is not one of {@link #READS}. Explicit,
     * because an explicit deny wins over every allow, including a resource policy (a bucket policy)
     * naming the role session directly, which an implicit deny by a narrower Allow would not stop.
     * STS's only read is GetCallerIdentity: an AssumeRole from the session would start a new
     * session without this policy.
     */
    public static SessionPolicy readOnly() {
        List<String> reads = READS.entrySet().stream()
                .flatMap(e -> e.getValue().stream().map(a -> e.getKey() + ":" + a))
                .toList();
        Map<String, Object> policy = ordered(
                "Version",
                "2012-10-17",
                "Statement",
                List.of(
                        ordered("Effect", "Allow", "Action", "*", "Resource", "*"),
                        ordered("Sid", "GuardReadOnly", "Effect", "Deny", "NotAction", reads, "Resource", "*")));
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
        } catch (JsonException e) {
            throw GuardException.invalid(from + " " + e.getMessage()); // its message reads after a subject
        } catch (IllegalArgumentException e) {
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
