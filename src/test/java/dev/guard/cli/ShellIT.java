package dev.guard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.guard.cli.CliRunner.ScriptedTerminal;
import dev.guard.sandbox.seed.SeedLoader;
import dev.guard.sandbox.seed.SeedUser;
import dev.guard.sandbox.seed.Totp;
import dev.guard.term.TtyLike;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code guard shell --sandbox}: one sandbox and one MFA code for a whole session of commands,
 * typed into a JLine terminal (a dumb one fed from a string here).
 */
class ShellIT {
    private static final SeedUser ALICE =
            SeedLoader.bundled().userByName("alice").orElseThrow();

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
    void aSessionOfCommandsNeedsOneCodeAndSeesItsOwnChanges() throws Exception {
        // The commands' questions (the MFA code, the confirmation) are answered on the shell's own
        // terminal, as an operator does.
        String code = Totp.code(ALICE.mfaDevice().orElseThrow().base32Secret(), Instant.now());
        typing("""
                plan --live cleanup-dev-instances
                %s
                run cleanup-dev-instances
                development
                plan --live cleanup-dev-instances
                whoami
                run --profile x terminate-dev-instance -p instanceId=i-0a22222222222222a
                --no-color shell
                version
                version
                exit
                """.formatted(code));
        var r = new CliRunner()
                .terminal(new ScriptedTerminal(true))
                .env("XDG_CACHE_HOME", cache.toString())
                .run("shell", "--sandbox");

        // JLine's stream terminal (this test's stand-in for a real one) sometimes loses the last
        // bytes written before the shell exits; two trailing 'version' commands absorb that, and
        // nothing is asserted about them.
        String shown = screen.toString(StandardCharsets.UTF_8);
        for (int i = 0; i < 20 && !shown.contains("guard: 'shell' is not available inside the shell"); i++) {
            Thread.sleep(100);
            shown = screen.toString(StandardCharsets.UTF_8);
        }
        assertThat(r.exitCode()).as(shown + r.err()).isZero();
        // One code for the session: a second prompt would have taken the next typed line as its code.
        assertThat(shown).doesNotContain("MFA code from the prompt is not 6 digits");
        assertThat(shown)
                .contains("guard shell — sandbox user alice at http://127.0.0.1:")
                .contains("live plan: 2 targets read just now")
                .contains("i-0a22222222222222c  done  stopped → terminated")
                // The same sandbox for the next command: nothing left to clean up.
                .contains("no instances match: nothing to do")
                .contains("You are    arn:aws:iam::111111111111:user/alice")
                .contains("inside guard shell every command uses the shell's connection")
                .contains("guard: 'shell' is not available inside the shell");
        assertThat(shown).doesNotContain(ALICE.secretAccessKey());
    }

    @Test
    void ctrlCAtACommandsPromptCancelsThatCommandAndTheShellGoesOn() throws Exception {
        String code = Totp.code(ALICE.mfaDevice().orElseThrow().base32Secret(), Instant.now());
        // Ctrl-C (the terminal's interrupt character) at the parameter prompt, at the MFA prompt,
        // then at the confirmation; and on a half-typed line at the shell's own prompt.
        typing("run terminate-dev-instance\n\u0003"
                + "run terminate-dev-instance -p instanceId=i-0a22222222222222a\n\u0003"
                + "run terminate-dev-instance -p instanceId=i-0a22222222222222a\n" + code + "\ndevel\u0003"
                + "opment\n"
                + "plan --live terminate-dev-instance -p instanceId=i-0a22222222222222a\n"
                + "exit\n");
        var r = new CliRunner()
                .terminal(new ScriptedTerminal(true))
                .env("XDG_CACHE_HOME", cache.toString())
                .run("shell", "--sandbox");

        String shown = screen.toString(StandardCharsets.UTF_8);
        assertThat(r.exitCode()).as(shown + r.err()).isZero();
        assertThat(shown)
                .contains("guard: cancelled at the parameter prompt; nothing was changed")
                .contains("guard: cancelled at the MFA code prompt; nothing was changed")
                .contains("Stopped: cancelled at the confirmation prompt; nothing was changed (exit code 130)")
                // The rest of the word typed after Ctrl-C went to the shell, not to the confirmation.
                .contains("Unmatched argument at index 0: 'opment'")
                // The instance is still running for the next command.
                .contains("i-0a22222222222222a  running");
        // Each cancelled command's exit code, and the run's own summary line.
        assertThat(shown.split("\\(exit code 130\\)", -1)).hasSize(5);
    }

    @Test
    void withoutATerminalTheShellRefusesAtOnce() {
        var r = new CliRunner().terminal(new ScriptedTerminal(false)).run("shell");
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.err()).contains("guard shell needs a terminal");
    }

    /**
     * Every command uses the shell's connection: the plans it prints name the shell's device and,
     * once the shell holds an MFA session, promise no prompt — as its runs do.
     */
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
