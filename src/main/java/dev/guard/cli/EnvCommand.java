package dev.guard.cli;

import dev.guard.access.AccessAudit;
import dev.guard.access.AccessCredentials;
import dev.guard.error.ExitCode;
import picocli.CommandLine.Command;

/** {@code guard env}: export lines of credentials from your MFA session, for {@code eval}. */
@Command(
        name = "env",
        description = {
            "Print shell lines that put AWS credentials from your MFA session in the environment (the same"
                    + " variables guard exec sets, values shell-quoted), for eval. It prints secrets: on a"
                    + " terminal it first warns on stderr.",
            "Same session, accounts, roles and limits as guard exec; each use is one line in the audit log. The"
                    + " role credentials last at most 1 h and are not renewed: for long work, prefer guard exec or a"
                    + " credential_process profile (guard credential-process --help)."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  eval \"$(guard env --account development)\"",
            "  eval \"$(guard env --account production --read-only --region eu-west-1)\"",
            "",
            "Exit codes: 0 printed; 2 invalid input (unknown account, bad policy, nested);",
            "  4 authentication or MFA failure; 1 the audit log could not be written, AWS could not be",
            "  reached, or another failure."
        })
final class EnvCommand extends AdHocAccessCommand {
    EnvCommand(Context context) {
        super(context, AccessAudit.Kind.ENV);
    }

    @Override
    int use(Session session, AccessCredentials credentials) {
        warnOnTerminal(
                session,
                "these lines hold secret credentials; use them with eval \"$(guard env ...)\" so they are never"
                        + " shown");
        var out = spec.commandLine().getOut();
        credentials.exportLines().forEach(out::println);
        out.println("# guard: credentials for " + credentials.marker() + ", valid until " + credentials.expiration());
        out.flush();
        return ExitCode.OK;
    }
}
