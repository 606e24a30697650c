package dev.guard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.guard.config.Environment;
import dev.guard.term.ScriptedTerminal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command lines of exec, env and credential-process: what they take, offer and refuse offline. */
class AdHocCommandsTest {
    @TempDir
    Path dir;

    private CliRunner cli() {
        return new CliRunner()
                .env("XDG_CACHE_HOME", dir.resolve("cache").toString())
                .env("XDG_STATE_HOME", dir.resolve("state").toString());
    }

    @Test
    void theCommandsOptionsAfterItsNameAreItsOwnNotGuards() {
        Context context = new Context(new Environment(dir, Map.of(), dir), new ScriptedTerminal(false), false);
        CommandLine cl = Main.commandLine(context, "exec");
        CommandLine.ParseResult parsed =
                cl.parseArgs("exec", "--account", "development", "aws", "s3", "ls", "--region", "eu-west-1", "--debug");
        ExecCommand exec = (ExecCommand) parsed.subcommand().commandSpec().userObject();
        assertThat(exec.access.account).isEqualTo("development");
        assertThat(exec.access.region).isNull();
        assertThat(exec.command).containsExactly("aws", "s3", "ls", "--region", "eu-west-1", "--debug");

        parsed = Main.commandLine(context, "exec").parseArgs("exec", "--", "--weird-name", "x");
        assertThat(((ExecCommand) parsed.subcommand().commandSpec().userObject()).command)
                .containsExactly("--weird-name", "x");
    }

    @Test
    void helpShowsExamplesAndTheExitCodeOverlap() {
        String exec = cli().run("exec", "--help").out();
        assertThat(exec)
                .contains("guard exec --account development -- aws ec2 describe-instances")
                .contains("--read-only", "--session-policy", "--role", "--region")
                .contains("COMMAND's own once it has started");
        assertThat(cli().run("env", "--help").out()).contains("eval \"$(guard env --account development)\"");
        assertThat(cli().run("credential-process", "--help").out())
                .contains("credential_process = guard credential-process --account development");
    }

    @Test
    void envAndCredentialProcessDoNotOfferASandboxThatWouldEndWithThem() {
        for (String command : new String[] {"env", "credential-process"}) {
            assertThat(cli().run(command, "--help").out()).doesNotContain("--sandbox");
            var r = cli().run(command, "--sandbox");
            assertThat(r.exitCode()).isEqualTo(2);
            assertThat(r.err()).contains("guard sandbox --port");
        }
    }

    @Test
    void contradictoryOrMisplacedLimitsAreRefusedBeforeAnythingIsAsked() throws Exception {
        Path policy = Files.writeString(dir.resolve("p.json"), "{\"Statement\": {\"Effect\": \"Allow\"}}");
        var both = cli().run("env", "--account", "development", "--read-only", "--session-policy", policy.toString());
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("give one of --read-only and --session-policy");

        var noRole = cli().run("exec", "--read-only", "--", "true");
        assertThat(noRole.exitCode()).isEqualTo(2);
        assertThat(noRole.err()).contains("GetSessionToken").contains("takes no session policy");

        var missing = cli().run("credential-process", "--account", "111111111111", "--session-policy", "nope.json");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("--session-policy").contains("no such file");

        // A device or a huge file is refused before it is read (reading /dev/zero never ends).
        var device = cli().run("credential-process", "--account", "development", "--session-policy", "/dev/zero");
        assertThat(device.exitCode()).isEqualTo(2);
        assertThat(device.err()).contains("/dev/zero: not a regular file").doesNotContain("Exception");
        Path huge = Files.writeString(dir.resolve("huge.json"), " ".repeat(70_000) + "{}");
        var tooBig = cli().run("credential-process", "--account", "development", "--session-policy", huge.toString());
        assertThat(tooBig.exitCode()).isEqualTo(2);
        assertThat(tooBig.err()).contains("70002 bytes; a session policy is at most 2048 characters");
        Path broken = Files.writeString(dir.resolve("broken.json"), "{\"Statement\": [");
        var notJson =
                cli().run("credential-process", "--account", "development", "--session-policy", broken.toString());
        assertThat(notJson.exitCode()).isEqualTo(2);
        assertThat(notJson.err().lines().findFirst().orElseThrow())
                .contains("broken.json is not valid JSON")
                .doesNotContain("(is not");

        var json = cli().run("--output", "json", "env", "--account", "development");
        assertThat(json.exitCode()).isEqualTo(2);
        assertThat(json.out()).doesNotContain("export ");
        assertThat(json.err()).contains("guard env has no --output json: guard credential-process prints");

        var badRegion = cli().run("env", "--region", "Mars 1");
        assertThat(badRegion.exitCode()).isEqualTo(2);
        assertThat(badRegion.err()).contains("--region");
        assertThat(dir.resolve("state")).doesNotExist(); // nothing audited: nothing was handed out
    }
}
