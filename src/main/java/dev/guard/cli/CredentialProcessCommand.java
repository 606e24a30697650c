package dev.guard.cli;

import dev.guard.access.AccessAudit;
import dev.guard.error.ExitCode;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code guard credential-process}: the JSON the AWS CLI and SDKs read from a credential_process. */
@Command(
        name = "credential-process",
        description = {
            "Print credentials from your MFA session as the JSON the AWS CLI and SDKs expect from a profile's"
                    + " credential_process (Version 1, AccessKeyId, SecretAccessKey, SessionToken, Expiration), so"
                    + " aws --profile NAME, boto3 and every SDK share guard's one MFA window.",
            "When no MFA session is cached it asks for a code on the controlling terminal (/dev/tty: the caller"
                    + " reads stdout and stderr); without one it fails, saying to run guard login. Parallel callers"
                    + " ask once: the second waits for the first, then uses its session. Each use is one line in the"
                    + " audit log."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  # ~/.aws/config",
            "  [profile dev-admin]",
            "  credential_process = guard credential-process --account development",
            "  [profile prod-read]",
            "  credential_process = guard credential-process --account production --read-only",
            "",
            "  aws --profile dev-admin ec2 describe-instances",
            "",
            "Exit codes: 0 printed; 2 invalid input; 4 authentication or MFA failure",
            "  (no session and no terminal: run guard login); 1 the audit log could not be written."
        })
final class CredentialProcessCommand implements Callable<Integer> {
    @Mixin
    ConnectionOptions connection;

    @Mixin
    AccessOptions access;

    @Spec
    CommandSpec spec;

    private final Context context;

    CredentialProcessCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Session session = new Session(context, spec.commandLine());
        return AdHocAccessRun.run(
                session, connection, access, AccessAudit.Kind.CREDENTIAL_PROCESS, Optional.empty(), c -> {
                    var out = spec.commandLine().getOut();
                    out.println(c.credentialProcessJson());
                    out.flush();
                    return ExitCode.OK;
                });
    }
}
