package dev.guard.access;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessCredentialsTest {
    private static final Instant EXPIRES = Instant.parse("2026-12-01T05:00:00Z");
    // A secret with every character a shell treats specially in a double-quoted or bare word.
    private static final String SECRET = "ab/c+d=e'f\"g$h`i\\j k*l;m&n|o(p)q<r>s!t#u~v";

    private static AccessCredentials credentials(Optional<URI> endpoint) {
        return new AccessCredentials(
                "ASIAEXAMPLE", SECRET, "FwoG/token+=", EXPIRES, "eu-west-1", endpoint, "development");
    }

    @Test
    void exportLinesSurviveEvalInAShellWithEveryValueExact(@TempDir Path dir) throws Exception {
        AccessCredentials c = credentials(Optional.of(URI.create("http://127.0.0.1:4599")));
        Path script = dir.resolve("env.sh");
        Files.writeString(script, String.join("\n", c.exportLines()) + "\n");
        Process p = new ProcessBuilder(
                        "sh",
                        "-c",
                        "AWS_PROFILE=x; eval \"$(cat " + script + ")\"; env; echo profile=${AWS_PROFILE-unset}")
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).isZero();
        assertThat(out.lines())
                .contains(
                        "AWS_SECRET_ACCESS_KEY=" + SECRET,
                        "AWS_SESSION_TOKEN=FwoG/token+=",
                        "AWS_ACCESS_KEY_ID=ASIAEXAMPLE",
                        "AWS_REGION=eu-west-1",
                        "AWS_DEFAULT_REGION=eu-west-1",
                        "AWS_CREDENTIAL_EXPIRATION=2026-12-01T05:00:00Z",
                        "AWS_ENDPOINT_URL=http://127.0.0.1:4599",
                        "GUARD_EXEC=development",
                        "profile=unset");
    }

    @Test
    void plainValuesAreNotQuotedAndOthersAreSingleQuoted() {
        assertThat(AccessCredentials.shellQuoted("us-east-1")).isEqualTo("us-east-1");
        assertThat(AccessCredentials.shellQuoted("a b")).isEqualTo("'a b'");
        assertThat(AccessCredentials.shellQuoted("it's")).isEqualTo("'it'\\''s'");
        assertThat(AccessCredentials.shellQuoted("$(rm -rf /)")).isEqualTo("'$(rm -rf /)'");
    }

    @Test
    void theChildLosesProfilesAndAStaleEndpointAndGetsTheCredentials() {
        Map<String, String> parent = Map.of(
                "PATH", "/usr/bin",
                "AWS_PROFILE", "work",
                "AWS_DEFAULT_PROFILE", "work",
                "AWS_ENDPOINT_URL", "http://elsewhere",
                "AWS_ACCESS_KEY_ID", "AKIABASE",
                "AWS_SECRET_ACCESS_KEY", "base-secret");
        Map<String, String> child = credentials(Optional.empty()).childEnvironment(parent);
        assertThat(child)
                .containsEntry("PATH", "/usr/bin")
                .containsEntry("AWS_ACCESS_KEY_ID", "ASIAEXAMPLE")
                .containsEntry("AWS_SECRET_ACCESS_KEY", SECRET)
                .containsEntry("GUARD_EXEC", "development")
                .doesNotContainKeys("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_ENDPOINT_URL");
        assertThat(child).doesNotContainValue("base-secret");
    }

    @Test
    void credentialsGuardHandedOutAreRecognisedAsNesting() {
        Map<String, String> child = credentials(Optional.empty()).childEnvironment(Map.of());
        assertThat(AccessCredentials.nested(child))
                .hasValueSatisfying(why ->
                        assertThat(why).contains("GUARD_EXEC=development").contains("exit that shell"));
        assertThat(AccessCredentials.nested(Map.of("PATH", "/bin"))).isEmpty();
        assertThat(AccessCredentials.nested(Map.of("GUARD_EXEC", ""))).isEmpty();
    }

    @Test
    void credentialProcessJsonHasTheShapeTheSdksRead() throws Exception {
        JsonNode doc = new ObjectMapper().readTree(credentials(Optional.empty()).credentialProcessJson());
        List<String> names = new ArrayList<>();
        doc.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactly("Version", "AccessKeyId", "SecretAccessKey", "SessionToken", "Expiration");
        assertThat(doc.get("Version").isInt()).isTrue();
        assertThat(doc.get("Version").asInt()).isEqualTo(1);
        assertThat(doc.get("SecretAccessKey").asText()).isEqualTo(SECRET);
        // RFC 3339, as the SDKs parse it
        assertThat(OffsetDateTime.parse(doc.get("Expiration").asText()).toInstant())
                .isEqualTo(EXPIRES);
    }

    @Test
    void toStringShowsNoSecret() {
        String shown = credentials(Optional.empty()).toString();
        assertThat(shown).contains("ASIAEXAMPLE").doesNotContain(SECRET).doesNotContain("FwoG");
    }
}
