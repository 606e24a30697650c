package dev.guard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.guard.error.ExitCode;
import org.junit.jupiter.api.Test;

/** {@code --accounts N} and {@code --sandbox-accounts N}: out of range or not a number, a one-line usage error. */
class SandboxAccountsTest {
    private final CliRunner cli = new CliRunner();

    @Test
    void tooManyAccountsIsAUsageError() {
        var r = cli.run("sandbox", "--accounts", "1001");
        assertThat(r.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(r.err()).contains("--accounts 1001 is out of range: the sandbox generates 0 to 1000 accounts");
        assertThat(r.err()).doesNotContain("\tat ");
    }

    @Test
    void aCountThatIsNoNumberIsAUsageError() {
        var r = cli.run("sandbox", "--accounts", "many");
        assertThat(r.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(r.err()).contains("'many' is not a number of accounts (0-1000)");
    }

    @Test
    void sandboxAccountsNeedsTheSandbox() {
        var r = cli.run("whoami", "--sandbox-accounts", "3");
        assertThat(r.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(r.err()).contains("--sandbox-user, --sandbox-seed, --sandbox-accounts and --speed need --sandbox");
    }
}
