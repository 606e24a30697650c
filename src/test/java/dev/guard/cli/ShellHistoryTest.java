package dev.guard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What the shell's history may keep: commands, never a code, key, secret or token. */
class ShellHistoryTest {
    @Test
    void commandsAreKept() {
        assertThat(ShellHistory.keeps("run terminate-dev-instance -p instanceId=i-0a22222222222222a"))
                .isTrue();
        assertThat(ShellHistory.keeps("plan --live cleanup-dev-instances")).isTrue();
        // Account ids and long ids are digits too, but not a standalone six.
        assertThat(ShellHistory.keeps("run x -p account=222222222222 -p n=12345"))
                .isTrue();
        assertThat(ShellHistory.keeps("run x -p instanceId=i-0123456789abcdef0"))
                .isTrue();
        // A long lower-case path is not a secret key.
        assertThat(ShellHistory.keeps("validate runbooks/maintenance/cleanupoldinstances1"))
                .isTrue();
        assertThat(ShellHistory.keeps("validate runbooks/maintenance/cleanup-old-dev-instances-in-staging.yaml"))
                .isTrue();
    }

    @Test
    void anMfaCodeInAnyFormIsNeverKept() {
        assertThat(ShellHistory.keeps("run x --mfa-code 123456")).isFalse();
        assertThat(ShellHistory.keeps("run x --mfa-code=123456")).isFalse();
        assertThat(ShellHistory.keeps("123456")).isFalse();
        assertThat(ShellHistory.keeps("run x -p code=654321")).isFalse();
    }

    @Test
    void keysSecretsAndTokensAreNeverKept() {
        assertThat(ShellHistory.keeps("run x -p key=AKIAIOSFODNN7EXAMPLE")).isFalse();
        assertThat(ShellHistory.keeps("run x -p key=ASIAIOSFODNN7EXAMPLE")).isFalse();
        assertThat(ShellHistory.keeps("run x -p s=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"))
                .isFalse();
        assertThat(ShellHistory.keeps(
                        "run x -p t=" + "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQ".repeat(3)))
                .isFalse();
    }

    @Test
    void aRefusedLineIsNotEvenKeptInMemoryAndExitIsNotKept() {
        ShellHistory history = new ShellHistory();
        history.add(Instant.now(), "whoami");
        history.add(Instant.now(), "run x --mfa-code 123456");
        history.add(Instant.now(), "exit");
        assertThat(history.size()).isEqualTo(1);
        assertThat(history.get(0)).isEqualTo("whoami");
    }
}
