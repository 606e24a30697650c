package dev.guard.cli;

import static dev.guard.cli.HostileInputTest.assertRefusedCleanly;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile configuration and flags: AWS profile files guard cannot use are refused with exit 2
 * and a message naming the file or profile — never an internal error — before any AWS call
 * (the endpoint named here has nothing listening, and no test reaches it).
 */
class HostileConfigTest {
    private static final String NOWHERE = "http://127.0.0.1:9";

    @TempDir
    Path home;

    private CliRunner cli() {
        return new CliRunner().home(home).env("HOME", home.toString());
    }

    private CliRunner.Result whoami(CliRunner cli, String... more) {
        List<String> args = new ArrayList<>(List.of("whoami", "--endpoint-url", NOWHERE));
        args.addAll(List.of(more));
        return assertTimeoutPreemptively(Duration.ofSeconds(20), () -> cli.run(args.toArray(String[]::new)));
    }

    private Path awsFile(String name, String content) throws IOException {
        Files.createDirectories(home.resolve(".aws"));
        return Files.writeString(home.resolve(".aws").resolve(name), content);
    }

    @Test
    void aGarbageConfigInHomeIsRefusedNamingTheFile() throws IOException {
        Path config = awsFile("config", "[default\nregion = = us-east-1\n");

        var r = whoami(cli().env("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE").env("AWS_SECRET_ACCESS_KEY", "x"));

        assertRefusedCleanly(r, "garbage config");
        assertThat(r.err()).contains("could not read the AWS profiles (" + config);
    }

    @Test
    void aBinaryAwsConfigFileIsRefused() throws IOException {
        byte[] bytes = new byte[2048];
        new Random(7).nextBytes(bytes);
        Path binary = Files.write(home.resolve("binary-config"), bytes);

        var r = whoami(cli().env("AWS_CONFIG_FILE", binary.toString()));

        assertRefusedCleanly(r, "binary AWS_CONFIG_FILE");
        assertThat(r.err()).contains("could not read the AWS profiles (" + binary);
    }

    @Test
    void aFifoAsAwsConfigFileIsRefusedNotRead() throws Exception {
        Path fifo = home.resolve("config-pipe");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor())
                .isZero();

        var r = whoami(cli().env("AWS_CONFIG_FILE", fifo.toString()));

        assertRefusedCleanly(r, "fifo AWS_CONFIG_FILE");
        assertThat(r.err()).contains("not a regular file");
    }

    @Test
    void aFailingCredentialProcessIsRefusedNamingTheProfile() throws IOException {
        awsFile("config", "[profile ops]\ncredential_process = /bin/false\n");

        var r = whoami(cli(), "--profile", "ops");

        assertRefusedCleanly(r, "credential_process");
        assertThat(r.err()).contains("cannot get credentials from AWS profile 'ops'");
    }

    @Test
    void anSsoProfileIsRefusedAsNotSupportedYet() throws IOException {
        String sso = "sso_start_url = https://example.awsapps.com/start\nsso_region = us-east-1\n"
                + "sso_account_id = 123456789012\nsso_role_name = Admin\n";
        awsFile("config", "[profile sso]\n" + sso + "[default]\n" + sso);

        var named = whoami(cli(), "--profile", "sso");
        var byDefault = whoami(cli());

        assertRefusedCleanly(named, "sso profile");
        assertThat(named.err()).contains("AWS profile 'sso' uses IAM Identity Center (SSO)");
        assertRefusedCleanly(byDefault, "sso default profile");
        assertThat(byDefault.err()).contains("AWS profile 'default' uses IAM Identity Center (SSO)");
    }

    @Test
    void sandboxPortsOutOfRangeAreUsageErrors() {
        for (String port : new String[] {"70000", "65536", "-1", "http"}) {
            var r = new CliRunner().run("sandbox", "--port", port);

            assertRefusedCleanly(r, "--port " + port);
            assertThat(r.err()).contains("is not a port number (0-65535)");
        }
        var env = new CliRunner().run("sandbox", "env", "alice", "--port", "99999");
        assertRefusedCleanly(env, "sandbox env --port");
    }

    @Test
    void allowFilesFromMustNameAnExistingDirectoryThatIsNotASecretOne() throws IOException {
        Files.createDirectories(home.resolve(".ssh"));

        var missing = cli().run(
                        "validate",
                        "runbooks/",
                        "--allow-files-from",
                        home.resolve("nope").toString());
        var secret = cli().run(
                        "plan",
                        "cleanup-dev-instances",
                        "--allow-files-from",
                        home.resolve(".ssh").toString());

        assertRefusedCleanly(missing, "--allow-files-from missing");
        assertThat(missing.err()).contains("no such directory");
        assertRefusedCleanly(secret, "--allow-files-from ~/.ssh");
        assertThat(secret.err()).contains("refused");
    }
}
