package dev.guard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code guard unlock} and {@code run --lock-timeout} as a user meets them without AWS. */
class UnlockCommandTest {
    @TempDir
    Path home;

    private CliRunner cli() {
        return new CliRunner().home(home).in(Path.of("").toAbsolutePath());
    }

    @Test
    void anInvalidLockTimeoutIsExit2InOneLineBeforeAnythingElse() {
        var r = cli().run(
                        "run",
                        "runbooks/terminate-dev-instance.yaml",
                        "-p",
                        "instanceId=i-0abc1234",
                        "--lock-timeout",
                        "5 minutes");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().strip())
                .isEqualTo(
                        "guard: --lock-timeout '5 minutes': expected a duration such as 30s, 5m, 1h or 1m30s; nothing"
                                + " was changed");
        assertThat(home.resolve(".local/state/guard/locks")).doesNotExist();
    }

    @Test
    void withNoLocksTheListSaysSoAndJsonIsAnEmptyList() {
        var text = cli().run("unlock");
        assertThat(text.exitCode()).isZero();
        assertThat(text.out()).startsWith("no run locks in " + home.resolve(".local/state/guard/locks"));

        var json = cli().run("unlock", "--output", "json");
        assertThat(json.exitCode()).isZero();
        assertThat(json.out().replaceAll("\\s", "")).isEqualTo("{\"locks\":[]}");
    }

    @Test
    void unlockingWhatDoesNotExistIsExit2AndTouchesNothing() throws Exception {
        var r = cli().run("unlock", "0123456789ab");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("no lock '0123456789ab'").contains("guard unlock lists them");
        assertThat(Files.exists(home.resolve(".local/state/guard/locks/0123456789ab.lock")))
                .isFalse();
    }

    @Test
    void sharedNeedsAKeyAndALockTableInTheConfig() {
        var noKey = cli().run("unlock", "--shared");
        assertThat(noKey.exitCode()).isEqualTo(2);
        assertThat(noKey.err()).contains("name the KEY");

        var noTable = cli().run("unlock", "--shared", "aws 1 us-east-1 ec2 instance i-1");
        assertThat(noTable.exitCode()).isEqualTo(2);
        assertThat(noTable.err()).contains("the config has no locks: {table, account, region}");

        var both = cli().run("unlock", "--all-stale", "--shared", "k");
        assertThat(both.exitCode()).isEqualTo(2);
    }
}
