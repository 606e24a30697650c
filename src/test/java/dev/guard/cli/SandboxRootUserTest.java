package dev.guard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.guard.error.ExitCode;
import dev.guard.sandbox.seed.SeedLoader;
import dev.guard.sandbox.seed.SeedRoot;
import dev.guard.sandbox.seed.Totp;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** {@code guard sandbox env/totp root@ACCOUNT}: an account's root user, for S3 MFA Delete. */
class SandboxRootUserTest {
    private final CliRunner cli = new CliRunner();

    private static SeedRoot productionRoot() {
        return SeedLoader.bundled().accounts().stream()
                .filter(a -> a.name().equals("production"))
                .findFirst()
                .flatMap(a -> a.root())
                .orElseThrow();
    }

    @Test
    void envPrintsTheRootUsersKeysByAccountNameOrId() {
        for (String account : new String[] {"production", "444444444444"}) {
            var r = cli.run("sandbox", "env", "root@" + account, "--port", "4600");
            assertThat(r.exitCode()).as(r.err()).isZero();
            assertThat(r.out())
                    .contains("export AWS_ACCESS_KEY_ID=" + productionRoot().accessKeyId() + "\n")
                    .contains("arn:aws:iam::444444444444:mfa/root-account-mfa-device");
        }
    }

    @Test
    void totpPrintsTheRootDevicesCode() {
        var device = productionRoot().mfaDevice().orElseThrow();
        Instant before = Instant.now();
        var r = cli.run("sandbox", "totp", "root@production");
        Instant after = Instant.now();
        assertThat(r.exitCode()).isZero();
        assertThat(r.out().strip())
                .isIn(Totp.code(device.base32Secret(), before), Totp.code(device.base32Secret(), after));
    }

    @Test
    void anUnknownAccountIsNamedWithTheOnesThereAre() {
        var r = cli.run("sandbox", "env", "root@nowhere");
        assertThat(r.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(r.err()).contains("no root user for account 'nowhere'", "production");
    }
}
