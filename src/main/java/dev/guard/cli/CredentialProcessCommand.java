package dev.guard.cli;

import dev.guard.access.AccessAudit;
import dev.guard.access.AccessCredentials;
import dev.guard.error.ExitCode;
import picocli.CommandLine.Command;

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
            "  (no session and no terminal: run guard login); 1 the audit log could not be written, AWS could",
            "  not be reached, or another failure."
        })
final class CredentialProcessCommand extends AdHocAccessCommand {
    CredentialProcessCommand(Context context) {
        super(context, AccessAudit.Kind.CREDENTIAL_PROCESS);
    }

    @Override
    int use(Session session, AccessCredentials credentials) {
        // Meant for a program's pipe: typed at a terminal, it shows the secret on screen.
        warnOnTerminal(
                session,
                "this JSON holds secret credentials: it is meant for credential_process, not a screen"
                        + " (see guard credential-process --help)");
        var out = spec.commandLine().getOut();
        out.println(credentials.credentialProcessJson());
        out.flush();
        return ExitCode.OK;
    }
}
