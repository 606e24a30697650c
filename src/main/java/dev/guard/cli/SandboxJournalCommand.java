package dev.guard.cli;

import dev.guard.error.ExitCode;
import dev.guard.error.GuardException;
import dev.guard.sandbox.server.JournalClient;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code guard sandbox journal}: what a running sandbox received and decided. */
@Command(
        name = "journal",
        description = {
            "Print the journal of a running sandbox, one JSON line per request: time, principal, service, action,"
                    + " resource, decision (with the deciding statement, or for an implicit deny the closest miss and"
                    + " the condition it failed on), whether anything changed, HTTP status. No secrets are ever in"
                    + " it. --output text prints one aligned line per request instead (JSON is the default here)."
        },
        footerHeading = "%nExamples:%n",
        footer = {"  guard sandbox journal --port 4599", "  guard sandbox journal --port 4599 --output text --follow"})
final class SandboxJournalCommand implements Callable<Integer> {
    @Mixin
    SandboxOptions options;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--follow",
            description =
                    "Keep printing requests as the sandbox receives them (polls once a second) until interrupted.")
    boolean follow;

    /** Milliseconds between polls with --follow. */
    static final long POLL_MILLIS = 1000;

    @Override
    public Integer call() throws InterruptedException {
        if (options.port == 0) {
            throw GuardException.invalid(
                    "--port 0 means any free port when starting a sandbox; give the port the running sandbox printed");
        }
        boolean text = textOutput();
        int[] widths = JournalText.widths();
        List<String> lines = read();
        if (text) {
            JournalText.grow(lines, widths);
            spec.commandLine().getOut().println(JournalText.header(widths));
        }
        print(lines, text, widths);
        while (follow) {
            Thread.sleep(POLL_MILLIS);
            List<String> all = read();
            List<String> fresh = after(all, lines);
            print(fresh, text, widths);
            lines = all;
        }
        return ExitCode.OK;
    }

    private void print(List<String> lines, boolean text, int[] widths) {
        (text ? JournalText.format(lines, widths) : lines)
                .forEach(l -> spec.commandLine().getOut().println(l));
        spec.commandLine().getOut().flush();
    }

    /** The lines of {@code all} after the last one already printed (all of them when it is gone: a new sandbox). */
    static List<String> after(List<String> all, List<String> printed) {
        if (printed.isEmpty()) {
            return all;
        }
        int at = all.lastIndexOf(printed.get(printed.size() - 1));
        return at < 0 ? all : all.subList(at + 1, all.size());
    }

    /**
     * Text only when asked for: --output is global and defaults to text, but this command printed
     * JSON lines before it had a text form, and scripts read them.
     */
    private boolean textOutput() {
        CommandLine root = spec.commandLine();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        for (CommandLine.ParseResult r = root.getParseResult(); r != null; r = r.subcommand()) {
            if (r.hasMatchedOption("--output")) {
                return GuardCommand.globalOptions(spec.commandLine()).output == GlobalOptions.Format.text;
            }
        }
        return false;
    }

    private List<String> read() throws InterruptedException {
        try {
            return JournalClient.read(options.port);
        } catch (JournalClient.NotASandbox e) {
            throw new GuardException(
                    ExitCode.INVALID_INPUT,
                    "what answers on port " + options.port
                            + " is not a guard sandbox (its journal is not JSON lines); give the port"
                            + " guard sandbox printed");
        } catch (JournalClient.Refused e) {
            throw new GuardException(
                    ExitCode.ACTION_FAILED, "the sandbox on port " + options.port + " answered " + e.status());
        } catch (IOException e) {
            throw new GuardException(
                    ExitCode.ACTION_FAILED,
                    "no sandbox answers on port " + options.port + " (start one with: guard sandbox --port "
                            + options.port + ")");
        }
    }
}
