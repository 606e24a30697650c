package dev.guard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.guard.cli.CliRunner.ScriptedTerminal;
import dev.guard.sandbox.seed.SeedLoader;
import dev.guard.sandbox.seed.SeedUser;
import dev.guard.sandbox.seed.Totp;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import org.jline.terminal.TerminalBuilder;
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
                return TerminalBuilder.builder()
                        .system(false)
                        .dumb(true)
                        .streams(new ByteArrayInputStream(lines.getBytes(StandardCharsets.UTF_8)), screen)
                        .build();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
    }

    @Test
    void aSessionOfCommandsNeedsOneCodeAndSeesItsOwnChanges() throws Exception {
        typing("""
                plan --live cleanup-dev-instances
                run cleanup-dev-instances
                plan --live cleanup-dev-instances
                whoami
                run --profile x terminate-dev-instance -p instanceId=i-0a22222222222222a
                --no-color shell
                version
                version
                exit
                """);
        String code = Totp.code(ALICE.mfaDevice().orElseThrow().base32Secret(), Instant.now());
        var terminal = new ScriptedTerminal(true, code, "development");
        var r = new CliRunner()
                .terminal(terminal)
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
        assertThat(terminal.secretPrompts).hasSize(1);
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
    void withoutATerminalTheShellRefusesAtOnce() {
        var r = new CliRunner().terminal(new ScriptedTerminal(false)).run("shell");
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.err()).contains("guard shell needs a terminal");
    }
}
