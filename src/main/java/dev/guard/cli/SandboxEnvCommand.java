package dev.guard.cli;

import dev.guard.error.ExitCode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code guard sandbox env USER}: export lines for a seeded user's sandbox-only keys. */
@Command(
        name = "env",
        description = {
            "Print export lines pointing a shell (and the AWS SDKs and CLI) at the sandbox as USER.",
            "The keys are the seed's, valid only in the sandbox. AWS CLI v2.9 ignores AWS_ENDPOINT_URL: also pass"
                    + " --endpoint-url."
        },
        footerHeading = "%nExamples:%n",
        footer = {"  eval \"$(guard sandbox env alice --port 4599)\""})
final class SandboxEnvCommand implements Callable<Integer> {
    @Parameters(
            index = "0",
            paramLabel = "USER",
            description =
                    "A user of the seed: alice, bob, sofia, ..., or root@ACCOUNT (an account's root user, by name or id).")
    String user;

    @Mixin
    SandboxOptions options;

    @Spec
    CommandSpec spec;

    private final Context context;

    SandboxEnvCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        var u = SandboxOptions.user(options.world(context), user);
        var out = spec.commandLine().getOut();
        out.println("export AWS_ENDPOINT_URL=http://127.0.0.1:" + options.port);
        out.println("export AWS_ACCESS_KEY_ID=" + u.accessKeyId());
        out.println("export AWS_SECRET_ACCESS_KEY=" + u.secretAccessKey());
        out.println("export AWS_REGION=us-east-1");
        out.println("export AWS_DEFAULT_REGION=us-east-1");
        out.println("unset AWS_SESSION_TOKEN AWS_PROFILE");
        out.println("# sandbox-only keys of user " + u.name() + "; MFA device: "
                + u.mfaDevice().map(d -> d.serial()).orElse("none"));
        out.flush();
        return ExitCode.OK;
    }
}
