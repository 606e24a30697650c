package dev.guard.sandbox.iam;

import static org.assertj.core.api.Assertions.assertThat;

import dev.guard.json.JsonReader;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AuthorizationMessagesTest {
    private static final String ACCOUNT = "111111111111";
    private static final AuthorizationMessages.Denial DENIAL = new AuthorizationMessages.Denial(
            "111111111111",
            "AIDAEXAMPLE",
            Optional.of("sofia"),
            "arn:aws:iam::111111111111:user/sofia",
            "ec2:TerminateInstances",
            "arn:aws:ec2:us-east-1:111111111111:instance/i-0a11111111111111a",
            new Decision(Decision.Outcome.EXPLICIT_DENY, Optional.of("ops-policy#NoTerminate"), "denied"),
            Map.of("ec2:Region", List.of("us-east-1")));

    @Test
    void aMessageDecodesOnlyWithTheKeyThatSealedIt() {
        AuthorizationMessages messages = new AuthorizationMessages();
        String encoded = messages.encode(DENIAL);
        assertThat(messages.decode(encoded, ACCOUNT)).contains(AuthorizationMessages.json(DENIAL));
        assertThat(new AuthorizationMessages().decode(encoded, ACCOUNT))
                .as("another sandbox's key")
                .isEmpty();
        assertThat(messages.encode(DENIAL)).as("a fresh nonce each time").isNotEqualTo(encoded);
    }

    @Test
    void anythingElseDecodesToNothing() {
        AuthorizationMessages messages = new AuthorizationMessages();
        for (String garbage : java.util.List.of(
                "garbage-not-a-token", "AAAA", "x".repeat(2000), "eyJhbGciOi", "", "====", "a b c", "%%%")) {
            assertThat(messages.decode(garbage, ACCOUNT)).as(garbage).isEmpty();
        }
    }

    @Test
    void aMessageDecodesOnlyForTheAccountItWasRefusedIn() {
        AuthorizationMessages messages = new AuthorizationMessages();
        String encoded = messages.encode(DENIAL);
        assertThat(messages.decode(encoded, ACCOUNT)).isPresent();
        assertThat(messages.decode(encoded, "222222222222")).isEmpty();
    }

    @Test
    void aMessageIsNeitherReadableNorForgeable() {
        AuthorizationMessages messages = new AuthorizationMessages();
        String encoded = messages.encode(DENIAL);
        assertThat(new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.ISO_8859_1))
                .doesNotContain("TerminateInstances");
        char flipped = encoded.charAt(30) == 'A' ? 'B' : 'A';
        assertThat(messages.decode(encoded.substring(0, 30) + flipped + encoded.substring(31), ACCOUNT))
                .isEmpty();
        String plain = Base64.getUrlEncoder()
                .encodeToString(AuthorizationMessages.json(DENIAL).getBytes(StandardCharsets.UTF_8));
        assertThat(messages.decode(plain, ACCOUNT)).isEmpty();
        assertThat(messages.decode("not base64 at all!", ACCOUNT)).isEmpty();
        assertThat(messages.decode("", ACCOUNT)).isEmpty();
    }

    @Test
    void theDecodedMessageHasAwssShape() {
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) JsonReader.parse(AuthorizationMessages.json(DENIAL));
        assertThat(m).containsEntry("allowed", false).containsEntry("explicitDeny", true);
        assertThat(m.get("matchedStatements"))
                .isEqualTo(Map.of("items", List.of(Map.of("statementId", "NoTerminate", "effect", "DENY"))));
        assertThat(m.get("failures")).isEqualTo(Map.of("items", List.of()));
        @SuppressWarnings("unchecked")
        Map<String, Object> context = (Map<String, Object>) m.get("context");
        assertThat(context.get("principal"))
                .isEqualTo(Map.of("id", "AIDAEXAMPLE", "name", "sofia", "arn", "arn:aws:iam::111111111111:user/sofia"));
        assertThat(context).containsEntry("action", "ec2:TerminateInstances");
        assertThat(context.get("conditions"))
                .isEqualTo(Map.of(
                        "items",
                        List.of(Map.of(
                                "key",
                                "ec2:Region",
                                "values",
                                Map.of("items", List.of(Map.of("value", "us-east-1")))))));
    }
}
