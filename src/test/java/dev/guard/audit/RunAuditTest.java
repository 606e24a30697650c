package dev.guard.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.guard.error.GuardException;
import dev.guard.lock.Owner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One run's audit trail: a log that cannot be written stops the run with words the operator can act
 * on, not a Java class name; a run that started and then failed still ends in the log, once.
 */
class RunAuditTest {
    @TempDir
    Path dir;

    static AuditEvent.RunStart start() {
        return new AuditEvent.RunStart(
                "execute",
                "cleanup",
                "runbooks/cleanup.yaml",
                "ab",
                Map.of(),
                "arn:aws:iam::111111111111:user/alice",
                "sandbox user alice",
                "aws",
                new Owner(42, "h", Optional.of(Instant.parse("2026-11-30T00:00:00Z"))));
    }

    @Test
    void anAuditPathThatIsADirectorySaysSo() throws IOException {
        Path log = Files.createDirectory(dir.resolve("audit.jsonl"));

        assertThatThrownBy(() -> new RunAudit(log, w -> {}).write(start()))
                .isInstanceOf(GuardException.class)
                .hasMessageContaining("could not write the audit log " + log)
                .hasMessageContaining("is a directory")
                .hasMessageNotContaining("Exception");
    }

    @Test
    void anAuditPathUnderAFileSaysWhichFileIsInTheWay() throws IOException {
        Path file = Files.writeString(dir.resolve("state"), "x");

        assertThatThrownBy(() -> new RunAudit(file.resolve("audit.jsonl"), w -> {}).write(start()))
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

    @Test
    void aFailureBeforeTheRunStartedWritesNothing() {
        Path log = dir.resolve("audit.jsonl");
        RunAudit audit = new RunAudit(log, w -> {});

        audit.write(new AuditEvent.Failed(4, "MFA code refused"));
        audit.write(new AuditEvent.Cancelled("cancelled at the MFA prompt; nothing was changed"));

        assertThat(log).doesNotExist();
    }

    @Test
    void aRunThatFailsAfterItStartedEndsOnceWithTheError() throws IOException {
        Path log = dir.resolve("audit.jsonl");
        RunAudit audit = new RunAudit(log, w -> {});

        audit.write(start());
        audit.write(new AuditEvent.Failed(1, "an AWS call failed: boom"));
        audit.write(new AuditEvent.Cancelled("too late"));

        List<String> lines = Files.readAllLines(log);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1))
                .contains("\"event\":\"run.end\",\"exitCode\":1,\"error\":\"an AWS call failed: boom\"");
    }

    @Test
    void aRunThatEndedIsNotEndedAgainByALaterFailure() throws IOException {
        Path log = dir.resolve("audit.jsonl");
        RunAudit audit = new RunAudit(log, w -> {});

        audit.write(start());
        audit.write(new AuditEvent.RunEnd(0, "1 changed"));
        audit.write(new AuditEvent.Failed(1, "late"));

        assertThat(Files.readAllLines(log)).hasSize(2);
    }

    @Test
    void aFailureToWriteTheEndingNeverHidesTheOriginalError() throws IOException {
        Path log = dir.resolve("audit.jsonl");
        RunAudit audit = new RunAudit(log, w -> {});
        audit.write(start());
        Files.delete(log);
        Files.createDirectory(log);

        audit.write(new AuditEvent.Failed(1, "the original error")); // must not throw
    }
}
