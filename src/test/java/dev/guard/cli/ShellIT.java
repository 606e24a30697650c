package dev.guard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.guard.sandbox.seed.SeedLoader;
import dev.guard.sandbox.seed.SeedUser;
import dev.guard.sandbox.seed.Totp;
import dev.guard.term.ScriptedTerminal;
import dev.guard.term.TtyLike;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code guard shell --sandbox}: one sandbox and one MFA code for a whole session of commands,
 * typed into a JLine terminal ({@link TtyLike}'s dumb one, fed from a string) and read back command
 * by command.
 */
class ShellIT {
    private static final SeedUser ALICE =
            SeedLoader.bundled().userByName("alice").orElseThrow();

    @TempDir
    Path cache;

    @TempDir
    Path state;

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
    void aSessionOfCommandsNeedsOneCodeAndSeesItsOwnChanges() {
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
                exit
                """.formatted(code));
        Transcript shown = shell("--sandbox");
        // The code and the confirmation were taken by the commands' prompts, never by the shell's.
        assertThat(shown.lines())
                .containsExactly(
                        "plan --live cleanup-dev-instances",
                        "run cleanup-dev-instances",
                        "plan --live cleanup-dev-instances",
                        "whoami",
                        "run --profile x terminate-dev-instance -p instanceId=i-0a22222222222222a",
                        "--no-color shell",
                        "exit");
        assertThat(shown.banner()).contains("guard shell — sandbox user alice at http://127.0.0.1:");
        assertThat(shown.output(0))
                .contains("Enter MFA code for arn:aws:iam::111111111111:mfa/alice")
                .contains("live plan: 2 targets read just now");
        // One code for the session: a second prompt would have taken the next typed line as its code.
        assertThat(shown.output(1))
                .doesNotContain("Enter MFA code")
                .contains("i-0a22222222222222c  done  stopped → terminated");
        assertThat(shown.toString()).doesNotContain("MFA code from the prompt is not 6 digits");
        // The same sandbox for the next command: nothing left to clean up.
        assertThat(shown.output(2)).contains("no instances match: nothing to do");
        assertThat(shown.output(3)).contains("You are    arn:aws:iam::111111111111:user/alice");
        assertThat(shown.output(4))
                .contains("inside guard shell every command uses the shell's connection")
                .endsWith("(exit code 2)\n");
        assertThat(shown.output(5)).isEqualTo("guard: 'shell' is not available inside the shell\n");
        assertThat(shown.output(6)).isEmpty();
        assertThat(shown.toString()).doesNotContain(ALICE.secretAccessKey());
    }

    @Test
    void ctrlCAtACommandsPromptCancelsThatCommandAndTheShellGoesOn() {
        String code = Totp.code(ALICE.mfaDevice().orElseThrow().base32Secret(), Instant.now());
        // Ctrl-C (the terminal's interrupt character) at the parameter prompt, at the MFA prompt,
        // then on a half-typed word at the confirmation; and on a half-typed line at the shell's own
        // prompt.
        typing("run terminate-dev-instance\n\u0003"
                + "run terminate-dev-instance -p instanceId=i-0a22222222222222a\n\u0003"
                + "run terminate-dev-instance -p instanceId=i-0a22222222222222a\n" + code + "\ndevel\u0003"
                + "opment\n"
                + "whoam\u0003"
                + "plan --live terminate-dev-instance -p instanceId=i-0a22222222222222a\n"
                + "exit\n");
        Transcript shown = shell("--sandbox");
        assertThat(shown.lines())
                .containsExactly(
                        "run terminate-dev-instance",
                        "run terminate-dev-instance -p instanceId=i-0a22222222222222a",
                        "run terminate-dev-instance -p instanceId=i-0a22222222222222a",
                        "opment",
                        "whoam",
                        "plan --live terminate-dev-instance -p instanceId=i-0a22222222222222a",
                        "exit");
        // Each cancelled command's exit code, and the run's own summary line.
        assertThat(shown.output(0))
                .endsWith("guard: cancelled at the parameter prompt; nothing was changed\n(exit code 130)\n");
        assertThat(shown.output(1))
                .endsWith("guard: cancelled at the MFA code prompt; nothing was changed\n(exit code 130)\n");
        // The run's summary line carries its exit code; the shell does not repeat it.
        assertThat(shown.output(2))
                .endsWith("Stopped: cancelled at the confirmation prompt; nothing was changed (exit code 130)\n");
        // The rest of the word typed after Ctrl-C went to the shell, not to the confirmation.
        assertThat(shown.output(3)).contains("Unmatched argument at index 0: 'opment'");
        // Ctrl-C clears the shell's line: nothing ran.
        assertThat(shown.output(4)).isEmpty();
        // The instance is still running for the next command.
        assertThat(shown.output(5)).contains("i-0a22222222222222a  running");
        assertThat(shown.toString().split("\\(exit code 130\\)", -1)).hasSize(4);
        assertThat(shown.output(6)).isEmpty();
    }

    /**
     * History outlives the shell, in the XDG state directory, private to its owner, and holds the
     * commands typed at the shell's prompt only: never the answers given to a command's prompts (the
     * MFA code, the confirmation), never a line with an MFA code or a secret key in it.
     */
    @Test
    void historyIsKeptOnDiskPrivatelyWithoutAnySecretAndTheNextShellRecallsIt() throws Exception {
        String code = Totp.code(ALICE.mfaDevice().orElseThrow().base32Secret(), Instant.now());
        typing("""
                whoami
                run terminate-dev-instance -p instanceId=i-0a22222222222222a
                %s
                development
                list --mfa-code 123456
                validate SandboxOnlyAliceFakeSecretKeyDoNotUse/00
                whoami
                exit
                """.formatted(code));
        Transcript first = shell("--sandbox");
        // Before the MFA code the prompt names the caller; after it, the session's time left too.
        assertThat(first.prompts().get(0)).isEqualTo("alice@identity > ");
        assertThat(first.prompts().get(2)).matches("alice@identity mfa 11h5\\dm > ");
        // whoami reports the shell's MFA session, kept in memory, not "none cached".
        assertThat(first.output(0)).contains("sessions   none cached");
        assertThat(first.output(4))
                .doesNotContain("none cached")
                .contains("session    arn:aws:iam::111111111111:mfa/alice: MFA 0 min ago, expires in 11 h 5");

        Path file = state.resolve("guard/shell_history");
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(file.getParent()))
                .isEqualTo(PosixFilePermissions.fromString("rwx------"));
        String kept = Files.readString(file);
        assertThat(kept)
                .contains("whoami", "run terminate-dev-instance -p instanceId=i-0a22222222222222a")
                .doesNotContain(code)
                .doesNotContain("123456")
                .doesNotContain("--mfa-code")
                .doesNotContain(ALICE.secretAccessKey())
                .doesNotContain("exit");
        assertThat(kept.lines()).noneMatch(l -> l.endsWith("development"));

        // A new shell: !! (what Up-arrow recalls; the test's dumb terminal has no arrow keys) runs the
        // last command of the previous shell again.
        screen.reset();
        typing("!!\nexit\n");
        Transcript second = shell("--sandbox");
        assertThat(second.output(0)).contains("You are    arn:aws:iam::111111111111:user/alice");
    }

    /** logout in a sandbox shell forgets the shell's in-memory session too: nothing acts with it after. */
    @Test
    void logoutForgetsTheShellsOwnSession() {
        String code = Totp.code(ALICE.mfaDevice().orElseThrow().base32Secret(), Instant.now());
        typing("""
                plan --live cleanup-dev-instances
                %s
                logout
                whoami
                whoami --mfa-code 123456
                exit
                """.formatted(code));
        Transcript shown = shell("--sandbox");
        assertThat(shown.output(3))
                .contains("the MFA code is asked on the shell's terminal")
                .endsWith("(exit code 2)\n");
        assertThat(shown.output(1)).contains("Removed 1 cached MFA session from this shell's memory");
        assertThat(shown.output(2)).contains("sessions   none cached");
        assertThat(shown.prompts().get(3)).isEqualTo("alice@identity > ");
    }

    @Test
    void clearClearsTheScreenAndIsNoCommand() {
        typing("clear\nexit\n");
        Transcript shown = shell("--sandbox");
        assertThat(shown.lines()).containsExactly("clear", "exit");
        assertThat(shown.output(0)).doesNotContain("Unmatched").doesNotContain("exit code");
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
    void aSandboxShellsPlansNameItsUsersDeviceAndItsSession() {
        // The code is typed on the shell's own terminal, where the command asks for it.
        typing("""
                plan --live stop-own-instances -p instanceIds=i-0a11111111111111a
                %s
                plan --live stop-own-instances -p instanceIds=i-0a11111111111111a
                exit
                """.formatted(SandboxRuns.code("sofia")));
        Transcript shown = shell("--sandbox", "--sandbox-user", "sofia");
        assertThat(shown.lines())
                .containsExactly(
                        "plan --live stop-own-instances -p instanceIds=i-0a11111111111111a",
                        "plan --live stop-own-instances -p instanceIds=i-0a11111111111111a",
                        "exit");
        assertThat(shown.output(0))
                .contains("Enter MFA code for arn:aws:iam::111111111111:mfa/sofia")
                .contains("1 MFA prompt; MFA device arn:aws:iam::111111111111:mfa/sofia");
        assertThat(shown.output(1))
                .doesNotContain("Enter MFA code")
                .contains("no MFA prompt: your cached MFA session for arn:aws:iam::111111111111:mfa/sofia");
        assertThat(shown.toString()).doesNotContain("mfa/alice");
        assertThat(shown.output(2)).isEmpty();
    }

    /**
     * The screen read as a transcript: the shell's banner, then each line typed at its prompt with
     * what was shown after it, up to the next prompt (the commands' own prompts and answers
     * included). The test terminal writes on the writer's thread, so once the shell has returned
     * the screen is complete.
     */
    private record Transcript(String banner, List<String> lines, List<String> outputs, List<String> prompts) {
        /** The shell's prompt: {@code alice@identity > }, {@code alice@identity mfa 11h59m > }. */
        private static final String PROMPT = "(guard> |[\\w.-]+@[\\w.-]+( mfa \\w+)? > )";

        static Transcript of(ByteArrayOutputStream screen) {
            // JLine ends an accepted line with CR LF.
            String text = screen.toString(StandardCharsets.UTF_8).replace("\r\n", "\n");
            String[] parts = text.split("(?m)^" + PROMPT, -1);
            List<String> prompts = new ArrayList<>();
            var found = java.util.regex.Pattern.compile("(?m)^" + PROMPT).matcher(text);
            while (found.find()) {
                prompts.add(found.group());
            }
            List<String> lines = new ArrayList<>();
            List<String> outputs = new ArrayList<>();
            for (int i = 1; i < parts.length; i++) {
                int end = parts[i].indexOf('\n');
                lines.add(end < 0 ? parts[i] : parts[i].substring(0, end));
                outputs.add(end < 0 ? "" : parts[i].substring(end + 1));
            }
            return new Transcript(parts[0], lines, outputs, prompts);
        }

        String output(int command) {
            return outputs.get(command);
        }

        @Override
        public String toString() {
            StringBuilder text = new StringBuilder(banner);
            for (int i = 0; i < lines.size(); i++) {
                text.append(prompts.get(i)).append(lines.get(i)).append('\n').append(outputs.get(i));
            }
            return text.toString();
        }
    }

    /** Runs {@code guard shell ARGS} on the typed input; it must end with exit code 0. */
    private Transcript shell(String... args) {
        String[] argv = new String[args.length + 1];
        argv[0] = "shell";
        System.arraycopy(args, 0, argv, 1, args.length);
        var r = new CliRunner()
                .terminal(new ScriptedTerminal(true))
                .env("XDG_CACHE_HOME", cache.toString())
                .env("XDG_STATE_HOME", state.toString())
                .run(argv);
        Transcript shown = Transcript.of(screen);
        assertThat(r.exitCode()).as(shown + r.err()).isZero();
        return shown;
    }
}
