package dev.guard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.guard.error.ExitCode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The command tree as a user meets it: help, versions, usage errors and exit codes. */
class CommandLineTest {
    private final CliRunner cli = new CliRunner();

    static List<String> commands() {
        return Main.SUBCOMMANDS.keySet().stream().filter(c -> !c.equals("help")).toList();
    }

    @Test
    void helpListsEveryCommandAndTheExitCodes() {
        var r = cli.run("--help");
        assertThat(r.exitCode()).isZero();
        for (String c : commands()) {
            assertThat(r.out()).contains("  " + c + " ");
        }
        assertThat(r.out())
                .contains("Exit codes:", "2  invalid input", "4  authentication or MFA failure", "Examples:");
    }

    @ParameterizedTest
    @MethodSource("commands")
    void everyCommandHasHelpWithExamples(String command) {
        var r = cli.run(command, "--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out())
                .startsWith("Usage: guard " + command)
                .contains("Examples:")
                .contains("guard " + command);
    }

    @Test
    void helpCommandShowsASubcommandsHelp() {
        var r = cli.run("help", "plan");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).startsWith("Usage: guard plan");
    }

    @Test
    void versionFlagAndCommandAgree() {
        var flag = cli.run("--version");
        var command = cli.run("version");
        assertThat(flag.exitCode()).isZero();
        assertThat(flag.out()).startsWith("guard ").isEqualTo(command.out());
        assertThat(cli.run("version", "--output", "json").out()).contains("\"version\"", "\"java\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"apply", "show"})
    void savedPlanCommandsWithoutAFileAreUsageErrors(String command) {
        var r = cli.run(command);
        assertThat(r.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(r.err()).contains("Missing required parameter: 'FILE'");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void anUnknownCommandIsAUsageErrorWithExitCode2() {
        var r = cli.run("destroy-everything");
        assertThat(r.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(r.err()).contains("guard: Unmatched argument", "Try 'guard --help'.");
        assertThat(r.err().lines().count()).isEqualTo(2);
    }

    @Test
    void anUnknownOptionNamesTheCommandToGetHelpFor() {
        var r = cli.run("plan", "--bogus", "terminate-dev-instance");
        assertThat(r.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(r.err()).contains("Unknown option: '--bogus'", "Try 'guard plan --help'.");
    }

    @Test
    void aBadOutputFormatIsRefused() {
        var r = cli.run("--output", "yaml", "version");
        assertThat(r.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(r.err()).contains("--output", "yaml");
    }

    @Test
    void globalOptionsWorkBeforeAndAfterTheCommand() {
        var before = cli.run("--output", "json", "validate", "runbooks/terminate-dev-instance.yaml");
        var after = cli.run("validate", "runbooks/terminate-dev-instance.yaml", "--output", "json");
        assertThat(before.exitCode()).isZero();
        assertThat(before.out()).startsWith("{").isEqualTo(after.out());
    }

    @Test
    void noArgumentsShowsUsage() {
        var r = cli.run();
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).startsWith("Usage: guard");
    }

    @Test
    void commandNameIsFoundPastGlobalOptionsAndTheirValues() {
        assertThat(Main.commandName(new String[] {"--config", "plan", "validate", "x"}))
                .isEqualTo("validate");
        assertThat(Main.commandName(new String[] {"--output", "json", "--debug", "run"}))
                .isEqualTo("run");
        assertThat(Main.commandName(new String[] {"help", "run"})).isNull();
        assertThat(Main.commandName(new String[] {"--help"})).isNull();
        assertThat(Main.commandName(new String[] {"nonsense"})).isNull();
    }

    @Test
    void onlyTheVersionAskedForBuildsNoCommand() {
        assertThat(Main.versionOnly(new String[] {"--version"})).isTrue();
        assertThat(Main.versionOnly(new String[] {"--config", "version", "-V"})).isTrue();
        assertThat(Main.versionOnly(new String[] {"--version", "--help"})).isFalse();
        assertThat(Main.versionOnly(new String[] {"validate", "--version"})).isFalse();
        assertThat(Main.versionOnly(new String[] {"--debug"})).isFalse();
        assertThat(cli.run("--version").out()).startsWith("guard ");
        assertThat(cli.run("--version", "--help").out()).contains("Commands:", "validate");
    }

    @Test
    void completionScriptsCoverTheWholeTree() {
        var bash = cli.run("completion", "bash");
        assertThat(bash.exitCode()).isZero();
        assertThat(bash.out()).contains("complete -F", "validate", "plan", "--params-file");
        var zsh = cli.run("completion", "zsh");
        assertThat(zsh.out()).contains("bashcompinit");
    }

    @Test
    void schemaPrintsTheJsonSchema() throws Exception {
        var r = cli.run("schema");
        assertThat(r.exitCode()).isZero();
        var schema = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out());
        assertThat(schema.path("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(schema.at("/$defs/step/properties/action/enum").toString()).contains("\"ec2:StartInstances\"");
    }
}
