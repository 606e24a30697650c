package dev.guard.cli;

import dev.guard.access.AccessAudit;
import dev.guard.error.ExitCode;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

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
            "  4 authentication or MFA failure; 1 the audit log could not be written."
        })
final class EnvCommand implements Callable<Integer> {
    @Mixin
    ConnectionOptions connection;

    @Mixin
    AccessOptions access;

    @Spec
    CommandSpec spec;

    private final Context context;

    EnvCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Session session = new Session(context, spec.commandLine());
        return AdHocAccessRun.run(session, connection, access, AccessAudit.Kind.ENV, Optional.empty(), c -> {
            if (context.stdoutIsTerminal()) {
                session.warning("these lines hold secret credentials; use them with eval \"$(guard env ...)\" so"
                        + " they are never shown");
                session.err().flush();
            }
            var out = spec.commandLine().getOut();
            c.exportLines().forEach(out::println);
            out.println("# guard: credentials for " + c.marker() + ", valid until " + c.expiration());
            out.flush();
            return ExitCode.OK;
        });
    }
}
