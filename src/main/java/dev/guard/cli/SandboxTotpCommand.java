package dev.guard.cli;

import dev.guard.error.ExitCode;
import dev.guard.error.GuardException;
import dev.guard.sandbox.seed.Totp;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code guard sandbox totp USER}: the current code of a seeded user's virtual MFA device. */
@Command(
        name = "totp",
        description = {
            "Print the current 6-digit code of USER's virtual MFA device in the sandbox seed (RFC 6238), computed"
                    + " from the seed: no sandbox needs to run. Sandbox devices only; guard never shows codes for"
                    + " real AWS."
        },
        footerHeading = "%nExamples:%n",
        footer = {"  guard sandbox totp alice"})
final class SandboxTotpCommand implements Callable<Integer> {
    @Parameters(
            index = "0",
            paramLabel = "USER",
            description =
                    "A user of the seed with an MFA device (alice, sofia), or root@ACCOUNT (the root user's device, for S3 MFA Delete).")
    String user;

    @Mixin
    SandboxOptions options;

    @Spec
    CommandSpec spec;

    private final Context context;

    SandboxTotpCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        var u = SandboxOptions.user(options.world(context), user);
        var device = u.mfaDevice()
                .orElseThrow(() -> GuardException.invalid("user '" + user + "' has no MFA device in the sandbox seed"));
        Instant now = Instant.now();
        var out = spec.commandLine().getOut();
        out.println(Totp.code(device.base32Secret(), now));
        spec.commandLine()
                .getErr()
                .println(device.serial() + ": valid for " + Totp.remaining(now).getSeconds() + " s more");
        out.flush();
        return ExitCode.OK;
    }
}
