package dev.guard.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.guard.error.ExitCode;
import dev.guard.term.ScriptedTerminal;
import dev.guard.yaml.Text;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile runbooks through the command line: every file of the broken corpus, and the ones that
 * can only be made at test time (symlinks, FIFOs, binary, huge), are refused by {@code validate}
 * and {@code plan} with exit 2 — never an internal error, never a hang, never a raw control or
 * bidi character on the terminal, never the content of a file that is not a runbook.
 */
class HostileInputTest {
    /** A hang detector only: each file takes milliseconds; a loaded CI machine gets a wide margin. */
    private static final Duration HANG = Duration.ofSeconds(5);

    private static final Path BROKEN = Path.of("src/test/resources/runbooks/broken");

    private final CliRunner cli = new CliRunner();

    static Stream<Path> corpus() throws IOException {
        try (Stream<Path> files = Files.list(BROKEN)) {
            return files.sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void validateAndPlanRefuseEveryBrokenRunbookCleanly(Path file) {
        for (String command : List.of("validate", "plan")) {
            var r = run(command, file.toString());

            assertRefusedCleanly(r, command + " " + file);
        }
    }

    @Test
    void listShowsADirectoryOfOnlyBrokenRunbooksWithoutHangingOrFailing() {
        var r = run("list", BROKEN.toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out().lines()).allMatch(l -> l.contains("INVALID"));
        assertNoRawControlCharacters(r);
    }

    @Test
    void listOfRunbooksWithoutDescriptionsOrActionsIsATable(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("a.yaml"), "apiVersion: guard/v1\nkind: Runbook\nname: a\n");
        Files.writeString(dir.resolve("b.yaml"), "{}\n");

        var r = run("list", dir.toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("a  ").contains("INVALID");
    }

    @Test
    void aRegexBombDoesNotHangListForTheWholeDirectory(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("bomb.yaml"), """
                apiVersion: guard/v1
                kind: Runbook
                name: bomb
                parameters:
                  x:
                    pattern: "^(.*a){25}$"
                    default: "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab"
                target: {account: production, region: us-east-1}
                steps:
                  - id: s
                    action: ec2:StopInstances
                    with: {instanceIds: ["i-0123456789abcdef0"]}
                """);
        Files.copy(Path.of("runbooks/stop-own-instances.yaml"), dir.resolve("good.yaml"));

        var list = run("list", dir.toString());
        var validate = run("validate", dir.resolve("bomb.yaml").toString());

        assertThat(list.out()).contains("bomb").contains("INVALID").contains("stop-own-instances");
        assertThat(validate.err()).contains("does not match the pattern ^(.*a){25}$");
    }

    @Test
    void aSymlinkToAFileThatIsNotARunbookIsRefusedWithoutShowingItsContent(@TempDir Path dir) throws IOException {
        Path foreign = Files.writeString(
                dir.resolve("shadow"),
                "root: $6$saltsalt$hashhashhash\noperator_password: hunter2\n"
                        + "aws_secret_access_key: wJalrXUtnFEMI/K7MDENG\n");
        Path link = Files.createSymbolicLink(dir.resolve("runbook.yaml"), foreign);
        Path passwd = Files.writeString(dir.resolve("passwd.yaml"), "root:x:0:0:root:/root:/bin/bash\n");

        for (Path file : List.of(link, passwd)) {
            for (String command : List.of("validate", "plan")) {
                var r = run(command, file.toString());

                assertRefusedCleanly(r, command + " " + file);
                assertThat(r.out() + r.err())
                        .doesNotContain("hunter2")
                        .doesNotContain("operator_password")
                        .doesNotContain("wJalrXUtnFEMI")
                        .doesNotContain("$6$")
                        .doesNotContain("/bin/bash");
            }
        }
    }

    @Test
    void aFifoIsNamedAsNotARegularFileAndNeverRead(@TempDir Path dir) throws Exception {
        Path fifo = dir.resolve("pipe.yaml");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor())
                .isZero();

        var validate = run("validate", fifo.toString());
        var plan = cli.in(dir).run("plan", "./pipe.yaml");

        assertRefusedCleanly(validate, "validate fifo");
        assertThat(validate.err()).contains("not a regular file");
        assertThat(plan.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(plan.err()).contains("not a regular file").doesNotContain("not found");
    }

    @Test
    void devicesDirectoriesBinaryAndHugeFilesAreRefused(@TempDir Path dir) throws IOException {
        Path zero = Files.createSymbolicLink(dir.resolve("zero.yaml"), Path.of("/dev/zero"));
        Path directory = Files.createDirectory(dir.resolve("dir.yaml"));
        byte[] random = new byte[4096];
        new Random(42).nextBytes(random);
        Path binary = Files.write(dir.resolve("binary.yaml"), random);
        Path hugeLine = Files.writeString(dir.resolve("huge-line.yaml"), "a".repeat(2 * 1024 * 1024));
        Path longLine = Files.writeString(
                dir.resolve("long-line.yaml"),
                "apiVersion: guard/v1\nkind: Runbook\nname: " + "x".repeat(900_000) + "\n");
        Path deep = Files.writeString(dir.resolve("deep.yaml"), "[".repeat(100_000));
        Path deepMap = Files.writeString(dir.resolve("deep-map.yaml"), deepMapping(5_000));

        for (Path file : List.of(zero, directory, binary, hugeLine, longLine, deep, deepMap)) {
            assertRefusedCleanly(run("validate", file.toString()), "validate " + file.getFileName());
        }
    }

    @Test
    void aFileNameWithAnEscapeSequenceIsShownInert(@TempDir Path dir) throws IOException {
        Path odd = Files.writeString(dir.resolve("\u001b[2Jevil\u202e.yaml"), "kind: x\n");

        var r = run("validate", odd.toString());

        assertRefusedCleanly(r, "validate odd name");
        assertThat(r.err()).contains("\\x1b[2Jevil\\u202e.yaml");
    }

    @Test
    void bidiAndControlCharactersInParameterValuesAreRefusedFromEverySource(@TempDir Path dir) throws IOException {
        String runbook = "runbooks/terminate-dev-instance.yaml";
        Path params = Files.writeString(dir.resolve("p.yaml"), "instanceId: \"i-0abc1234\\u202e\"\n");

        var flag = run("plan", runbook, "-p", "instanceId=i-0abc1234\u2066");
        var file = run("plan", runbook, "--params-file", params.toString());
        var terminal = new ScriptedTerminal(true, "i-0abc1234\u202e", "\u001b[2J", "i-0abc1234\u200f");
        var prompt = new CliRunner().terminal(terminal).run("plan", runbook);

        assertRefusedCleanly(flag, "-p");
        assertThat(flag.err()).contains("bidirectional control characters (U+2066)");
        assertRefusedCleanly(file, "--params-file");
        assertThat(file.err()).contains("bidirectional control characters (U+202E)");
        // Each answer is refused; the offline plan then shows the parameter as missing.
        assertThat(terminal.printed)
                .filteredOn(l -> l.contains("characters (U+"))
                .hasSize(3)
                .allMatch(l -> Text.firstUnsafe(l, false) == -1);
        assertThat(prompt.out()).contains("parameter instanceId was not given");
        assertNoRawControlCharacters(prompt);
    }

    @Test
    void aConfigFileWithABidiCharacterIsRefused(@TempDir Path dir) throws IOException {
        Path config = Files.writeString(
                dir.resolve("guard.yaml"), Files.readString(Path.of("config/guard.yaml")) + "# owner: \u202eadmin\n");

        var r = run("--config", config.toString(), "validate", "runbooks/");

        assertRefusedCleanly(r, "config");
        assertThat(r.err()).contains("bidirectional control characters (U+202E)");
    }

    @Test
    void aConfigFileThatIsNotOneOfGuardsIsRefusedWithoutShowingItsContent(@TempDir Path dir) throws IOException {
        Path foreign = Files.writeString(dir.resolve("config.yaml"), "operator_password: hunter2\nroot: x\n");

        var r = run("--config", foreign.toString(), "validate", "runbooks/");

        assertRefusedCleanly(r, "foreign config");
        assertThat(r.err()).contains("not a guard config file").doesNotContain("operator_password");
    }

    @Test
    void aRegionGuardDoesNotKnowInAnAreaAwsHasValidatesAndPlansWithAWarning(@TempDir Path dir) throws IOException {
        Path runbook = Files.writeString(
                dir.resolve("new-region.yaml"),
                Files.readString(Path.of("runbooks/cleanup-dev-instances.yaml"))
                        .replace("region: us-east-1", "region: eu-west-4"));
        assertThat(Files.readString(runbook)).contains("eu-west-4");

        var validate = run("validate", runbook.toString());
        var plan = run("plan", runbook.toString());

        assertThat(validate.exitCode()).as(validate.err()).isZero();
        assertThat(validate.err()).contains(": warning: target.region: region eu-west-4 is not one guard knows");
        assertThat(plan.exitCode()).as(plan.err()).isZero();
        assertThat(plan.out()).contains("region eu-west-4 is not one guard knows");
    }

    /** --debug printed the stack trace raw: tabs, and an ESC from the runbook name in its message. */
    @Test
    void aDebugStackTraceIsEscapedLikeEveryOtherLine(@TempDir Path dir) {
        var r = run("--debug", "plan", dir.resolve("\u001b]0;owned\u0007.yaml").toString());

        assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(r.err()).contains("    at dev.guard.").contains("\\x1b]0;owned");
        assertNoRawControlCharacters(r);
        assertThat(r.err()).doesNotContain("\t");
    }

    private CliRunner.Result run(String... args) {
        return assertTimeoutPreemptively(HANG, () -> cli.run(args), () -> "hung: " + String.join(" ", args));
    }

    static void assertRefusedCleanly(CliRunner.Result r, String what) {
        assertThat(r.exitCode()).as("exit code of %s: %s", what, r.err()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(r.err()).as(what).doesNotContain("internal error").doesNotContain("Exception");
        assertNoRawControlCharacters(r);
    }

    static void assertNoRawControlCharacters(CliRunner.Result r) {
        String all = r.out() + r.err();
        assertThat(Text.firstUnsafe(all, true))
                .as("raw control or bidi character in %s", all)
                .isEqualTo(-1);
    }

    private static String deepMapping(int depth) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < depth; i++) {
            b.append(" ".repeat(i)).append("k:\n");
        }
        return b.toString();
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
