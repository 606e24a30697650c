package dev.guard.cli;

import dev.guard.error.ExitCode;
import dev.guard.error.GuardException;
import java.util.concurrent.Callable;

/**
 * Base of commands that are part of guard's design but not built yet. They fail loudly with their
 * own exit code rather than pretend to work.
 */
abstract class UnavailableCommand implements Callable<Integer> {
    /** What the command will do, for the error message. */
    abstract String purpose();

    @Override
    public Integer call() {
        throw new GuardException(
                ExitCode.NOT_AVAILABLE,
                "'"
                        + getClass()
                                .getAnnotation(picocli.CommandLine.Command.class)
                                .name() + "' is not available in this version yet (" + purpose() + "); exit code 6");
    }
}
