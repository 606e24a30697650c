package dev.guard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The pieces of the shell's prompt: who, and how long the MFA session has left. */
class ShellPromptTest {
    @Test
    void timeLeftToTheMinute() {
        assertThat(ShellPrompt.left(Duration.ofHours(11).plusMinutes(52).plusSeconds(59)))
                .isEqualTo("11h52m");
        assertThat(ShellPrompt.left(Duration.ofHours(1).plusMinutes(5))).isEqualTo("1h05m");
        assertThat(ShellPrompt.left(Duration.ofMinutes(59))).isEqualTo("59m");
        assertThat(ShellPrompt.left(Duration.ofMinutes(-3))).isEqualTo("0m");
    }

    @Test
    void theNameIsTheArnsLastSegment() {
        assertThat(ShellPrompt.name("arn:aws:iam::111111111111:user/alice")).isEqualTo("alice");
        assertThat(ShellPrompt.name("arn:aws:iam::111111111111:user/ops/bob")).isEqualTo("bob");
        assertThat(ShellPrompt.name("arn:aws:sts::111111111111:assumed-role/Admin/carol"))
                .isEqualTo("carol");
    }
}
