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
                    + " next. History stays in memory (never on disk); lines with --mfa-code are not kept at all."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  guard shell --sandbox",
            "  guard> plan --live cleanup-dev-instances",
            "  guard> run terminate-dev-instance -p instanceId=i-0a22222222222222a",
            "  guard> exit"
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
