package dev.guard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.guard.error.ExitCode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code guard validate} and {@code guard list}: what a user sees for good and bad runbooks. */
class ValidateCommandTest {
    private final CliRunner cli = new CliRunner();

    @Test
    void everyExampleRunbookIsValid() {
        var r = cli.run("validate", "runbooks/");
        assertThat(r.exitCode()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out())
                .contains("ok   runbooks/terminate-dev-instance.yaml")
                .contains("0 invalid");
    }

    @Test
    void withoutArgumentsTheRunbookDirectoryIsValidated() {
        var r = cli.run("validate");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("ok   runbooks/mixed-maintenance.yaml");
    }

    @Test
    void everyProblemIsReportedAsFileLineColumnWithExitCode2(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, """
                apiVersion: guard/v1
                kind: Runbook
                name: bad
                target: {account: development, region: us-east-1}
                steps:
                  - id: a
                    action: ec2:TerminateInstances
                    with: {instanceIds: [i-XYZ]}
                    confirm: none
                    colour: red
                """);
        var r = cli.run("validate", bad.toString());
        assertThat(r.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(r.err().lines())
                .anyMatch(l -> l.startsWith(bad + ":8:26: ") && l.contains("'i-XYZ' is not an EC2 instance id"))
                .anyMatch(l -> l.startsWith(bad + ":10:5: ") && l.contains("unknown key 'colour'"))
                .anyMatch(l -> l.contains("confirm: none is not allowed"))
                .allMatch(l -> l.startsWith(bad.toString()));
        assertThat(r.out()).isEmpty();
    }

    @Test
    void aWarningShowsAHostileFileNameEscaped(@TempDir Path dir) throws Exception {
        // A file name is input too: an escape sequence in it must not reach the terminal.
        Path hostile = dir.resolve("w\u001b]0;pwned\u0007x.yaml");
        Files.writeString(
                hostile,
                Files.readString(Path.of("runbooks/terminate-dev-instance.yaml"))
                        .replace("region: us-east-1", "region: us-east-7"));
        var r = cli.run("validate", hostile.toString());
        assertThat(r.err()).contains("warning").contains("us-east-7").doesNotContain("\u001b", "\u0007");
        assertThat(r.out()).startsWith("ok").doesNotContain("\u001b", "\u0007");
    }

    @Test
    void aDirectoryWithOneBadRunbookFailsButChecksTheRest(@TempDir Path dir) throws Exception {
        Files.copy(Path.of("runbooks/terminate-dev-instance.yaml"), dir.resolve("good.yaml"));
        Files.writeString(dir.resolve("bad.yml"), "apiVersion: guard/v1\nkind: Runbook\n");
        Files.writeString(dir.resolve("notes.txt"), "not a runbook");
        var r = cli.run("validate", dir.toString());
        assertThat(r.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(r.out()).contains("good.yaml").contains("2 runbooks checked: 1 valid, 1 invalid");
        assertThat(r.err()).contains("bad.yml:1:1: missing required key 'name'").doesNotContain("notes.txt");
    }

    @Test
    void jsonOutputListsProblemsWithPositions(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "apiVersion: guard/v2\n");
        var r = cli.run("validate", bad.toString(), "--output", "json");
        assertThat(r.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertThat(doc.get("invalid").asInt()).isEqualTo(1);
        JsonNode problem = doc.get("files").get(0).get("problems").get(0);
        assertThat(problem.get("line").asInt()).isEqualTo(1);
        assertThat(problem.get("message").asText()).isNotBlank();
    }

    @Test
    void aFileThatIsNotYamlGetsAFileLevelMessage(@TempDir Path dir) throws Exception {
        Path binary = dir.resolve("image.yaml");
        Files.write(binary, new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 1, 2});
        var r = cli.run("validate", binary.toString());
        assertThat(r.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(r.err()).isEqualTo(binary + ": not a text file (contains NUL bytes); expected YAML\n");
    }

    @Test
    void aMissingFileOrEmptyDirectoryIsAnError(@TempDir Path dir) {
        assertThat(cli.run("validate", dir.resolve("nope.yaml").toString()).exitCode())
                .isEqualTo(ExitCode.INVALID_INPUT);
        var empty = cli.run("validate", dir.toString());
        assertThat(empty.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(empty.err()).contains("no runbooks (*.yaml, *.yml) found");
    }

    @Test
    void aBrokenConfigIsReportedLikeARunbook(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("guard.yaml");
        Files.writeString(config, "apiVersion: guard/v1\nkind: Config\naccounts:\n  dev: {id: 12345}\n");
        var r = cli.env("GUARD_CONFIG", config.toString()).run("validate", "runbooks/");
        assertThat(r.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(r.err()).contains("guard.yaml:4:13: accounts.dev.id: '12345' is not a 12-digit account id");
    }

    @Test
    void anExplicitConfigThatDoesNotExistIsAnError() {
        var r = cli.run("--config", "/nonexistent/guard.yaml", "validate");
        assertThat(r.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(r.err()).contains("/nonexistent/guard.yaml: no such file");
    }

    @Test
    void listShowsOneLinePerRunbookAndMarksInvalidOnes(@TempDir Path dir) throws Exception {
        Files.copy(Path.of("runbooks/cleanup-dev-instances.yaml"), dir.resolve("cleanup.yaml"));
        Files.writeString(dir.resolve("broken.yaml"), "kind: Runbook\n");
        var r = cli.run("list", dir.toString());
        assertThat(r.exitCode()).isZero();
        assertThat(r.out().lines()).hasSize(2);
        assertThat(r.out()).contains("cleanup-dev-instances").contains("ec2:TerminateInstances");
        assertThat(r.out()).contains("broken").contains("INVALID");
    }

    @Test
    void listOfTheRunbookDirectoryCoversEveryExample() throws Exception {
        var r = cli.run("list");
        long examples;
        try (var files = Files.list(Path.of("runbooks"))) {
            examples = files.filter(p -> p.toString().endsWith(".yaml")).count();
        }
        assertThat(r.out().lines()).hasSize((int) examples).noneMatch(l -> l.contains("INVALID"));
    }

    @Test
    void validateRefusesTheCredentialsPlanRefusesWithTheSameWordsAndExit2(@TempDir Path dir) throws Exception {
        Path trap = dir.resolve("trap.yaml");
        // The classic trap: role credentials for a bucket whose policy requires MFA.
        java.nio.file.Files.writeString(
                trap,
                java.nio.file.Files.readString(Path.of("runbooks/replace-protected-artifact.yaml"))
                        .replace("auth: auto", "auth: assume-role"));

        var validate = cli.run("validate", trap.toString());
        var plan = cli.run("plan", trap.toString());
        assertThat(plan.exitCode()).isEqualTo(2);
        assertThat(validate.exitCode()).isEqualTo(2);
        assertThat(validate.err())
                .contains("auth: assume-role cannot work for bucket guard-protected-artifacts")
                .isEqualTo(plan.err());
    }
}
