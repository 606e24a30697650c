package dev.guard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.guard.cli.CliRunner.ScriptedTerminal;
import dev.guard.term.TtyLike;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * In {@code guard shell} every command uses the shell's connection: the plans it prints name the
 * shell's device and, once the shell holds an MFA session, promise no prompt — as its runs do.
 */
class ShellPlanIT {
    @TempDir
    Path cache;

    private final ByteArrayOutputStream screen = new ByteArrayOutputStream();

    private static final java.util.function.Supplier<org.jline.terminal.Terminal> SYSTEM = Shell.terminals;

    @AfterEach
    void restore() {
        Shell.terminals = SYSTEM;
    }

    private void typing(String lines) {
        Shell.terminals = () -> {
            try {
                return TtyLike.typing(lines, screen);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
    }

    @Test
    void aSandboxShellsPlansNameItsUsersDeviceAndItsSession() throws Exception {
        // Trailing 'version's absorb the bytes JLine's stream terminal may lose at exit (see ShellIT).
        // The code is typed on the shell's own terminal, where the command asks for it.
        typing("""
                plan --live stop-own-instances -p instanceIds=i-0a11111111111111a
                %s
                plan --live stop-own-instances -p instanceIds=i-0a11111111111111a
                version
                version
                exit
                """.formatted(SandboxRuns.code("sofia")));
        var terminal = new ScriptedTerminal(true);
        var r = new CliRunner()
                .terminal(terminal)
                .env("XDG_CACHE_HOME", cache.toString())
                .run("shell", "--sandbox", "--sandbox-user", "sofia");

        String shown = screen.toString(StandardCharsets.UTF_8);
        for (int i = 0; i < 20 && !shown.contains("no MFA prompt: your cached MFA session"); i++) {
            Thread.sleep(100);
            shown = screen.toString(StandardCharsets.UTF_8);
        }
        assertThat(r.exitCode()).as(shown + r.err()).isZero();
        assertThat(shown).contains("Enter MFA code for arn:aws:iam::111111111111:mfa/sofia");
        assertThat(shown)
                .contains("1 MFA prompt; MFA device arn:aws:iam::111111111111:mfa/sofia")
                .doesNotContain("mfa/alice")
                .contains("no MFA prompt: your cached MFA session for arn:aws:iam::111111111111:mfa/sofia");
    }
}
