package dev.guard.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.guard.error.ExitCode;
import dev.guard.error.GuardException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit log is read only where it is, as a regular file, with one clear line otherwise. */
class AuditReaderTest {
    @TempDir
    Path dir;

    @Test
    void aWrittenLogIsReadAndItsChainVerified() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        new AuditLog(file, Clock.systemUTC(), "a").append("run.start", Map.of("runbook", "x"));

        AuditLog.Verification v = AuditReader.verify(file);

        assertThat(v.intact()).isTrue();
        assertThat(v.lines()).isEqualTo(1);
        assertThat(v.unfinished())
                .singleElement()
                .extracting(AuditLog.Unfinished::run)
                .isEqualTo("a");
    }

    @Test
    void aMissingLogSaysNothingHasRunYet() {
        assertThatThrownBy(() -> AuditReader.verify(dir.resolve("none.jsonl")))
                .isInstanceOfSatisfying(
                        GuardException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.INVALID_INPUT))
                .hasMessageContaining("no audit log at")
                .hasMessageContaining("nothing has been run yet");
    }

    @Test
    void aDirectoryIsNotALog() {
        assertThatThrownBy(() -> AuditReader.verify(dir)).hasMessageContaining("is a directory, not an audit log");
    }

    @Test
    void aSymbolicLinkIsNotFollowedEvenToARealLog() throws Exception {
        Path real = dir.resolve("real.jsonl");
        new AuditLog(real, Clock.systemUTC(), "a").append("run.start", Map.of());
        Path link = Files.createSymbolicLink(dir.resolve("link.jsonl"), real);

        assertThatThrownBy(() -> AuditReader.verify(link)).hasMessageContaining("is a symbolic link");
    }

    @Test
    void aFifoIsNotARegularFile() throws Exception {
        Path fifo = dir.resolve("fifo");
        Process p = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertThat(p.waitFor()).isZero();

        assertThatThrownBy(() -> AuditReader.verify(fifo)).hasMessageContaining("not a regular file");
    }
}
