package dev.guard.saved;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.guard.error.ExitCode;
import dev.guard.error.GuardException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SavedPlanTest {
    @TempDir
    Path dir;

    private static Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", "0b7c3c9e-0000-4000-8000-000000000001");
        body.put("caller", Map.of("arn", "arn:aws:iam::111111111111:user/alice"));
        body.put("createdAt", "2026-12-01T00:00:00Z");
        body.put("expiresAt", "2026-12-02T00:00:00Z");
        body.put("steps", List.of(Map.of("id", "terminate", "targets", List.of(Map.of("id", "i-1", "size", 12)))));
        return body;
    }

    @Test
    void aPlanWrittenReadsBackWithTheSameDigestAndIsOwnerOnly() throws Exception {
        SavedPlan plan = SavedPlan.seal(body());
        Path file = dir.resolve("plan.json");
        plan.write(file);

        SavedPlan read = SavedPlan.read(file);
        assertThat(read.digest()).isEqualTo(plan.digest()).startsWith("sha256:").hasSize(7 + 64);
        assertThat(read.planner()).isEqualTo("arn:aws:iam::111111111111:user/alice");
        assertThat(read.steps()).hasSize(1);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
    }

    @Test
    void keyOrderAndWhitespaceDoNotChangeTheDigest() {
        Map<String, Object> reordered = new LinkedHashMap<>();
        List<String> keys = List.copyOf(body().keySet());
        for (int i = keys.size() - 1; i >= 0; i--) {
            reordered.put(keys.get(i), body().get(keys.get(i)));
        }
        assertThat(SavedPlan.seal(reordered).digest())
                .isEqualTo(SavedPlan.seal(body()).digest());
    }

    @Test
    void anyEditIsRefusedAsEditedWithItsOwnExitCode() throws Exception {
        Path file = dir.resolve("plan.json");
        SavedPlan.seal(body()).write(file);
        String text = Files.readString(file);
        Files.writeString(file, text.replace("i-1", "i-2"), StandardCharsets.UTF_8);

        assertThatThrownBy(() -> SavedPlan.read(file))
                .isInstanceOfSatisfying(
                        GuardException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.PLAN_REFUSED))
                .hasMessageContaining("edited since it was saved");
    }

    @Test
    void aFileThatIsNoSavedPlanIsInvalidInput() throws Exception {
        Path file = dir.resolve("plan.json");
        Files.writeString(file, "{\"format\": \"terraform\"}");
        assertThatThrownBy(() -> SavedPlan.read(file))
                .isInstanceOfSatisfying(
                        GuardException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.INVALID_INPUT))
                .hasMessageContaining("not a saved plan");
        Files.writeString(file, "[1, 2");
        assertThatThrownBy(() -> SavedPlan.read(file)).isInstanceOf(GuardException.class);
    }

    @Test
    void aResealedPlanWhoseIdIsNoUuidIsRefused() throws Exception {
        Map<String, Object> body = body();
        body.put("id", "x\u001b]0;owned\u0007");
        Path file = dir.resolve("plan.json");
        SavedPlan.seal(body).write(file);

        assertThatThrownBy(() -> SavedPlan.read(file))
                .isInstanceOfSatisfying(
                        GuardException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.INVALID_INPUT))
                .hasMessageContaining("its id is not a UUID");
    }

    @Test
    void valuesThatWouldNotReadBackTheSameAreRefusedWhenSealing() {
        Map<String, Object> body = body();
        body.put("ratio", 0.5);
        assertThatThrownBy(() -> SavedPlan.seal(body)).isInstanceOf(IllegalArgumentException.class);
    }
}
