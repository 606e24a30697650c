package dev.guard.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.guard.error.ExitCode;
import dev.guard.error.GuardException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lock around "find the cached session, else ask": held by another process (a guard at its MFA
 * prompt), a caller waits, says so once, and gives up after its limit instead of hanging. The other
 * process is Python holding the same kind of lock Java takes (fcntl, POSIX record locks).
 */
class SessionLockTest {
    @TempDir
    Path dir;

    /** Another process holding the lock on {@code file} until it is destroyed, or for {@code seconds}. */
    private static Process holder(Path file, double seconds) throws Exception {
        assumeTrue(new ProcessBuilder("python3", "-c", "import fcntl").start().waitFor() == 0, "python3 is not here");
        Process p = new ProcessBuilder(
                        "python3",
                        "-c",
                        "import fcntl,sys,time\n"
                                + "f=open(sys.argv[1],'a'); fcntl.lockf(f, fcntl.LOCK_EX)\n"
                                + "print('held', flush=True); time.sleep(float(sys.argv[2]))",
                        file.toString(),
                        String.valueOf(seconds))
                .start();
        String first = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
        assertThat(first).isEqualTo("held");
        return p;
    }

    @Test
    void aCallerBehindAnotherPromptWaitsSaysSoOnceAndGivesUpAtItsLimit() throws Exception {
        Path file = dir.resolve("sessions.lock");
        Files.createFile(file);
        Process other = holder(file, 60);
        List<String> said = new ArrayList<>();
        try {
            assertThatThrownBy(() -> SessionLock.holding(file, Duration.ofMillis(2500), said::add, () -> "ran"))
                    .isInstanceOfSatisfying(GuardException.class, e -> {
                        assertThat(e.exitCode()).isEqualTo(ExitCode.AUTH_FAILED);
                        assertThat(e.getMessage()).contains("another guard has been asking for an MFA code");
                    });
        } finally {
            other.destroy();
        }
        assertThat(said).hasSize(1);
        assertThat(said.get(0)).startsWith("waiting for another guard that is asking for an MFA code");
    }

    @Test
    void aCallerRunsOnceTheOtherLetsGo() throws Exception {
        Path file = dir.resolve("sessions.lock");
        Files.createFile(file);
        Process other = holder(file, 0.5);
        List<String> said = new ArrayList<>();
        assertThat(SessionLock.holding(file, Duration.ofSeconds(30), said::add, () -> "ran"))
                .isEqualTo("ran");
        other.waitFor();
        assertThat(said).isEmpty();
    }
}
