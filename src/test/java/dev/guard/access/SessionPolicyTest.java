package dev.guard.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.guard.error.ExitCode;
import dev.guard.error.GuardException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionPolicyTest {
    @Test
    void readOnlyAllowsEverythingAndExplicitlyDeniesAllButReadsWithinTheLimit() throws Exception {
        SessionPolicy p = SessionPolicy.readOnly();
        // Far below the 2,048 characters: STS also limits the policy's packed size, which a
        // 1,690-character policy was reported to exceed by half.
        assertThat(p.json().length()).isLessThanOrEqualTo(1000);
        assertThat(p.label()).isEqualTo("read-only");
        JsonNode doc = new ObjectMapper().readTree(p.json());
        assertThat(doc.get("Version").asText()).isEqualTo("2012-10-17");
        JsonNode allow = doc.get("Statement").get(0);
        JsonNode deny = doc.get("Statement").get(1);
        assertThat(allow.get("Effect").asText()).isEqualTo("Allow");
        assertThat(allow.get("Action").asText()).isEqualTo("*");
        assertThat(deny.get("Effect").asText()).isEqualTo("Deny");
        List<String> reads = new ArrayList<>();
        deny.get("NotAction").forEach(a -> reads.add(a.asText()));
        assertThat(reads).contains("ec2:Describe*", "s3:Get*", "s3:List*", "dynamodb:Query", "sts:GetCallerIdentity");
        // Every pattern names a service: IAM documents wildcards in action names, not in prefixes.
        assertThat(reads).allMatch(a -> a.matches("[a-z0-9-]+:[A-Za-z*]+"));
        // No write, and no way out of the policy: a role assumed from the session would not carry it.
        assertThat(reads)
                .noneMatch(a -> a.startsWith("sts:Assume"))
                .noneMatch(a -> a.contains("Terminate") || a.contains("Delete") || a.contains("Put"));
    }

    @Test
    void aUsersPolicyIsCompactedAndNamedByDigest() {
        String text = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": {\"Effect\": \"Allow\", \"Action\":"
                + " \"s3:GetObject\", \"Resource\": \"*\"}\n}\n";
        SessionPolicy p = SessionPolicy.fromFile(text, "p.json");
        assertThat(p.json())
                .isEqualTo("{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":"
                        + "\"s3:GetObject\",\"Resource\":\"*\"}}");
        assertThat(p.label()).matches("policy sha256:[0-9a-f]{16}");
        assertThat(SessionPolicy.fromFile(text.replace("\n", ""), "q.json").label())
                .isEqualTo(p.label());
    }

    @Test
    void badPoliciesAreRefusedSayingWhereAndWhat() {
        refused(
                "{\"Statement\": [",
                "p.json is not valid JSON: Unexpected end-of-input: expected close marker for Array (start marker at [line: 1, column: 15]) at 1:16");
        refused("[1, 2]", "p.json: a policy is a JSON object with a Statement");
        refused("{\"Version\": \"2012-10-17\"}", "p.json: the policy has no Statement");
        refused("{\"Statement\": []}", "p.json: the policy has no Statement");
        refused("{\"Statement\": [{\"Effect\": \"Maybe\"}]}", "Effect Allow or Deny");
        refused("{\"Statement\": [\"x\"]}", "Effect Allow or Deny");
        String big = "{\"Statement\": {\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", \"Resource\": \""
                + "x".repeat(2100) + "\"}}";
        refused(big, "characters without spaces; AWS takes at most 2048");
        refused("{\"Statement\": {\"Effect\": \"Allow\", \"Sid\": \"\u20ac\"}}", "U+0020 to U+00FF");
    }

    private static void refused(String text, String message) {
        assertThatThrownBy(() -> SessionPolicy.fromFile(text, "p.json"))
                .isInstanceOf(GuardException.class)
                .hasMessageContaining(message)
                .extracting(e -> ((GuardException) e).exitCode())
                .isEqualTo(ExitCode.INVALID_INPUT);
    }
}
