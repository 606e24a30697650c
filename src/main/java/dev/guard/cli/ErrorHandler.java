package dev.guard.cli;

import dev.guard.error.ExitCode;
import dev.guard.error.GuardException;
import dev.guard.error.ProblemsException;
import dev.guard.json.Json;
import dev.guard.term.Printable;
import dev.guard.term.PromptCancelled;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;

/**
 * Turns exceptions into what a user reads: problem lines as they are, other errors as one {@code
 * guard: ...} line, internal errors as a short note. Only {@code --debug} shows a stack trace, and
 * even then no secret is in it: guard never puts one in an exception message.
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, CommandLine.ParseResult parseResult) {
        GlobalOptions global = GuardCommand.globalOptions(cmd);
        Diagnostics diagnostics = GuardCommand.diagnostics(cmd);
        List<String> trace = global.debug ? stackTrace(e) : List.of();
        if (e instanceof GuardException g) {
            // Messages may quote what the user typed (a file name, a flag's value): shown inert.
            List<String> lines = g instanceof ProblemsException
                    ? g.lines()
                    : g.lines().stream().map(l -> "guard: " + l).toList();
            // Messages quote runbook values and AWS error text: shown escaped, exact in JSON.
            diagnostics.error(g.exitCode(), lines.stream().map(Printable::of).toList(), g.lines(), trace);
            if (global.json()) {
                Json.error(cmd.getOut(), g.exitCode(), g.lines());
            }
            return g.exitCode();
        }
        if (e instanceof PromptCancelled c) {
            // Every prompt but the confirmation (which the run reports itself) comes before any change.
            return handleExecutionException(
                    new GuardException(ExitCode.INTERRUPTED, "cancelled at " + c.where() + "; nothing was changed"),
                    cmd,
                    parseResult);
        }
        String message = "internal error: " + e.getClass().getSimpleName()
                + (global.debug ? "" : " (run again with --debug for details, and please report it)");
        diagnostics.error(ExitCode.ACTION_FAILED, List.of("guard: " + message), List.of(message), trace);
        return ExitCode.ACTION_FAILED;
    }

    /**
     * The stack trace as a terminal can show it: its messages quote file names and values (an ESC,
     * a bidi override), so each line is escaped like any message; its tabs become spaces.
     */
    static List<String> stackTrace(Throwable e) {
        java.io.StringWriter trace = new java.io.StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        return trace.toString()
                .lines()
                .map(l -> Printable.of(l.replace("\t", "    ")))
                .toList();
    }
}
