package dev.guard.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code guard shell}: one maintenance session, one MFA code, many runbooks. */
@Command(
        name = "shell",
        description = {
            "An interactive shell for a maintenance session: guard's commands (run, plan, validate, list, whoami,"
                    + " ...) without the guard prefix, one connection for the whole session and one MFA code: the"
                    + " first command that needs MFA asks, the rest reuse that session.",
            "With --sandbox one sandbox lives for the whole shell, so changes made by one command are seen by the"
                    + " next.",
            "Tab completes commands, options, runbook names, -p parameter names and, once the shell holds an MFA"
                    + " session, live values (instance ids, table names, object keys) from the step's account; it"
                    + " never asks for a code and gives up after 3 s. The prompt shows who you are and the time left"
                    + " on the MFA session (alice@identity mfa 11h52m >). 'clear' clears the screen; 'exit', 'quit'"
                    + " or Ctrl-D leave.",
            "History is kept in $XDG_STATE_HOME/guard/shell_history (0600): lines with --mfa-code, a 6-digit"
                    + " number, an access key id, a secret key or a session token are never kept, nor are answers"
                    + " typed at a command's prompts."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  guard shell --sandbox",
            "  alice@identity > plan --live cleanup-dev-instances",
            "  alice@identity mfa 11h59m > run terminate-dev-instance -p instanceId=<Tab>",
            "  alice@identity mfa 11h59m > exit"
        })
final class ShellCommand implements Callable<Integer> {
    @Mixin
    ConnectionOptions connection;

    @Spec
    CommandSpec spec;

    private final Context context;

    ShellCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        return new Shell(new Session(context, spec.commandLine()), connection).run();
    }
}
