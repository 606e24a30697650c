package dev.guard.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.guard.error.GuardException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An audit log that cannot be written stops the run with words the operator can act on, not a Java class name. */
class RunAuditTest {
    @TempDir
    Path dir;

    @Test
    void anAuditPathThatIsADirectorySaysSo() throws IOException {
        Path log = Files.createDirectory(dir.resolve("audit.jsonl"));

        assertThatThrownBy(() -> new RunAudit(log, w -> {}).record("run.start", Map.of()))
                .isInstanceOf(GuardException.class)
                .hasMessageContaining("could not write the audit log " + log)
                .hasMessageContaining("is a directory")
                .hasMessageNotContaining("Exception");
    }

    @Test
    void anAuditPathUnderAFileSaysWhichFileIsInTheWay() throws IOException {
        Path file = Files.writeString(dir.resolve("state"), "x");

        assertThatThrownBy(() -> new RunAudit(file.resolve("audit.jsonl"), w -> {}).record("run.start", Map.of()))
                .isInstanceOf(GuardException.class)
                .hasMessageContaining(file + " is a file where a directory should be")
                .hasMessageNotContaining("Exception");
    }

    @Test
    void everyKindOfFailureHasWords() {
        assertThat(RunAudit.why(new java.nio.file.AccessDeniedException("/x"))).isEqualTo("permission denied");
        assertThat(RunAudit.why(new java.nio.file.FileSystemException("/x", null, "Read-only file system")))
                .isEqualTo("read-only file system");
        assertThat(RunAudit.why(new IOException("boom"))).isEqualTo("I/O error");
    }
}
