package dev.guard.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code guard completion fish}: generated from picocli's model of the whole tree. The script's
 * text is checked everywhere; where fish is installed (not needed by the build: the tests that run
 * it skip without it), fish itself parses it ({@code fish -n}) and answers completion queries
 * ({@code complete -C}) the way a user's Tab would.
 */
class FishCompletionTest {
    @TempDir
    Path dir;

    private String script() {
        var r = new CliRunner().run("completion", "fish");
        assertThat(r.exitCode()).as(r.err()).isZero();
        return r.out();
    }

    @Test
    void theScriptNamesEveryCommandNestedCommandAndOptionWithDescriptions() {
        String script = script();

        assertThat(script)
                .contains("set -g __guard_commands 'run' 'plan'")
                .contains("'sandbox env'", "'audit show'")
                .contains("complete -c guard -f -n '__guard_is \\'\\'' -a 'run' -d 'Run a runbook")
                .contains("complete -c guard -f -n '__guard_is \\'audit\\'' -a 'show' -d 'Show the audit log")
                .contains("complete -c guard -f -n '__guard_is \\'audit\\'' -a 'verify path'")
                .contains("-n '__guard_is \\'audit show\\'' -l 'since' -r -d 'Only runs begun")
                .contains("-l 'output' -x -a 'text json'")
                .contains("-n '__guard_is \\'run\\'' -s 'p' -l 'param' -r");
        // Bash and zsh are picocli's as before.
        assertThat(new CliRunner().run("completion", "bash").out())
                .contains("complete -F")
                .doesNotContain("__guard_is");
    }

    @Test
    void fishParsesTheScript() throws Exception {
        Path file = written();
        Fish r = fish("-n", file.toString());
        assertThat(r.exit()).as(r.out()).isZero();
    }

    @Test
    void fishCompletesCommandsNestedCommandsOptionsAndEnumValues() throws Exception {
        Path file = written();

        assertThat(complete(file, "guard ru")).containsExactly("run");
        assertThat(complete(file, "guard audit ")).contains("show", "verify", "path");
        assertThat(complete(file, "guard --config x.yaml sandbox ")).containsExactly("env", "journal", "totp");
        assertThat(complete(file, "guard audit show --si")).containsExactly("--since");
        assertThat(complete(file, "guard completion ")).containsExactly("bash", "fish", "zsh");
        assertThat(complete(file, "guard run --output ")).containsExactly("json", "text");
        // A value is not a command: "-p audit" leaves the line in run.
        assertThat(complete(file, "guard run -p audit --dry")).containsExactly("--dry-run");
    }

    @Test
    void aRunbookIsCompletedFromWhatGuardListPrints() throws Exception {
        Path file = written();
        // guard list, as fish will find it on PATH: name first on each line, then actions and description.
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path guard = bin.resolve("guard");
        Files.writeString(
                guard,
                "#!/bin/sh\n[ \"$1\" = list ] || exit 2\n"
                        + "printf 'cleanup-dev-instances  ec2:TerminateInstances  Terminate\\n"
                        + "terminate-dev-instance  ec2:TerminateInstances  Terminate one\\n'\n");
        guard.toFile().setExecutable(true);

        Fish r = fish(
                "-c",
                "set -x PATH " + bin + " $PATH; source " + file + "; cd " + dir
                        + "; complete -C 'guard run --dry-run te'");

        assertThat(r.exit()).as(r.out()).isZero();
        assertThat(r.out().lines().map(l -> l.split("\t", 2)[0])).containsExactly("terminate-dev-instance");
    }

    private Path written() throws IOException {
        assumeTrue(fishInstalled(), "fish is not installed (apt-get install fish)");
        Path file = dir.resolve("guard.fish");
        Files.writeString(file, script());
        return file;
    }

    /** The words fish offers for {@code line} (without their descriptions), as a Tab would. */
    private List<String> complete(Path file, String line) throws Exception {
        Fish r = fish("-c", "source " + file + "; complete -C '" + line + "'");
        assertThat(r.exit()).as(r.out()).isZero();
        return r.out().lines().map(l -> l.split("\t", 2)[0]).sorted().toList();
    }

    private record Fish(int exit, String out) {}

    private static Fish fish(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("fish", "--no-config"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Fish(p.exitValue(), out);
    }

    private static boolean fishInstalled() {
        try {
            Process p = new ProcessBuilder("fish", "--version")
                    .redirectErrorStream(true)
                    .start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
