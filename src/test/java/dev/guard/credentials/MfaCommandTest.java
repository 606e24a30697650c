package dev.guard.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.guard.error.GuardException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The MFA command: its code, its failures told without its output, and nothing of it left running. */
class MfaCommandTest {
    @Test
    void theLastSixDigitWordOfStdoutIsTheCode() {
        assertThat(new MfaCommand("echo 'aws  111111'; echo 'aws  123456'", "--mfa-command").code("serial"))
                .isEqualTo("123456");
    }

    @Test
    void aFailingCommandsStderrIsNeverEchoedOnlyItsStatusAndSize() {
        String leaky = "echo 'token 12345678 code 1234567 AKIAIOSFODNN7EXAMPLE"
                + " wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' >&2; exit 3";
        assertThatThrownBy(() -> new MfaCommand(leaky, "--mfa-command").code("serial"))
                .isInstanceOf(GuardException.class)
                .hasMessageContaining("exited with status 3")
                .hasMessageContaining("90 to stderr, not shown")
                .satisfies(e -> assertThat(e.getMessage())
                        .doesNotContain("12345678")
                        .doesNotContain("1234567")
                        .doesNotContain("AKIA")
                        .doesNotContain("wJalr")
                        .doesNotContain("token"));
    }

    @Test
    void aBackgroundChildHoldingStdoutIsKilledAndNotWaitedFor(@TempDir Path dir) throws Exception {
        Path pidFile = dir.resolve("child.pid");
        // The child keeps the command's stdout open long after the command itself has exited.
        String command = "echo 123456; sleep 300 & echo $! > '" + pidFile + "'";
        assertThat(new MfaCommand(command, "--mfa-command").code("serial")).isEqualTo("123456");

        long pid = Long.parseLong(Files.readString(pidFile).strip());
        var child = ProcessHandle.of(pid);
        if (child.isPresent()) {
            // Killed already, or dying: generous, since the machine may be loaded.
            child.get().onExit().get(30, TimeUnit.SECONDS);
        }
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                .isFalse();
    }

    @Test
    void aHungCommandIsKilledWithItsChildrenAtTheTimeout(@TempDir Path dir) throws Exception {
        Path pidFile = dir.resolve("child.pid");
        String command = "sleep 300 & echo $! > '" + pidFile + "'; wait";
        assertThatThrownBy(() -> new MfaCommand(command, "--mfa-command", Duration.ofSeconds(5)).code("serial"))
                .hasMessageContaining("did not finish within 5 s");
        long pid = Long.parseLong(Files.readString(pidFile).strip());
        var child = ProcessHandle.of(pid);
        if (child.isPresent()) {
            child.get().onExit().get(30, TimeUnit.SECONDS);
        }
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                .isFalse();
    }
}
