package dev.guard.cli;

import dev.guard.error.ExitCode;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The root command: global options. Its model is built by {@link CommandSpecs#root}; its
 * subcommands are registered by {@link Main}, which builds only the one a command line names (see
 * {@link Main#SUBCOMMANDS}).
 */
public final class GuardCommand implements Runnable {
    GlobalOptions global;

    CommandSpec spec;

    public GuardCommand(Context context) {}

    @Override
    public void run() {
        // `guard` alone: show what there is to do rather than fail.
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The global options, wherever on the command line they were given. */
    static GlobalOptions globalOptions(CommandLine cmd) {
        return root(cmd).global;
    }

    private Diagnostics diagnostics;

    /** The command line's stderr sink, made once the options are parsed: one for the whole command. */
    static synchronized Diagnostics diagnostics(CommandLine cmd) {
        GuardCommand root = root(cmd);
        if (root.diagnostics == null) {
            root.diagnostics =
                    new Diagnostics(root.spec.commandLine().getErr(), root.global, java.time.Clock.systemUTC());
        }
        return root.diagnostics;
    }

    private static GuardCommand root(CommandLine cmd) {
        CommandLine root = cmd;
        while (root.getParent() != null) {
            root = root.getParent();
        }
        return (GuardCommand) root.getCommand();
    }

    static int ok() {
        return ExitCode.OK;
    }
}
