package dev.guard.cli;

import dev.guard.error.ExitCode;
import dev.guard.error.GuardException;
import dev.guard.sandbox.server.JournalClient;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code guard sandbox journal}: what a running sandbox received and decided. */
@Command(
        name = "journal",
        description = {
            "Print the journal of a running sandbox, one JSON line per request: time, principal, service, action,"
                    + " resource, decision (with the deciding statement), whether anything changed, HTTP status. No"
                    + " secrets are ever in it."
        },
        footerHeading = "%nExamples:%n",
        footer = {"  guard sandbox journal --port 4599"})
final class SandboxJournalCommand implements Callable<Integer> {
    @Mixin
    SandboxOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        if (options.port == 0) {
            throw GuardException.invalid(
                    "--port 0 means any free port when starting a sandbox; give the port the running sandbox printed");
        }
        List<String> lines;
        try {
            lines = JournalClient.read(options.port);
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
        lines.forEach(l -> spec.commandLine().getOut().println(l));
        spec.commandLine().getOut().flush();
        return ExitCode.OK;
    }
}
