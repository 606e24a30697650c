package dev.guard.cli;

import dev.guard.config.Environment;
import dev.guard.engine.ExitCode;
import dev.guard.term.ConsoleTerminal;
import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import picocli.CommandLine;

/**
 * Entry point: builds the command tree with guard's error handling, so every failure becomes a
 * one-line message and a documented exit code, and a stack trace appears only with --debug.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        Context context = new Context(Environment.system(), new ConsoleTerminal(), System.console() != null);
        System.exit(commandLine(context).execute(args));
    }

    /** The configured command line; tests call {@code execute} on it with their own writers. */
    public static CommandLine commandLine(Context context) {
        CommandLine cl = new CommandLine(new GuardCommand(context), new Factory(context));
        cl.setExecutionExceptionHandler(new ErrorHandler());
        cl.setParameterExceptionHandler(Main::usageError);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setUsageHelpLongOptionsMaxWidth(28);
        return cl;
    }

    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println("guard: " + e.getMessage());
        err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help'.");
        err.flush();
        return ExitCode.INVALID_INPUT;
    }

    /** Builds commands that want the {@link Context} through their constructor. */
    private record Factory(Context context) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> cls) throws Exception {
            for (Constructor<?> c : cls.getDeclaredConstructors()) {
                if (c.getParameterCount() == 1 && c.getParameterTypes()[0] == Context.class) {
                    c.setAccessible(true);
                    return cls.cast(c.newInstance(context));
                }
            }
            return CommandLine.defaultFactory().create(cls);
        }
    }
}
