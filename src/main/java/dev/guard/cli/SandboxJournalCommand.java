package dev.guard.cli;

import dev.guard.error.ExitCode;
import dev.guard.error.GuardException;
import dev.guard.sandbox.server.SandboxServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
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
        URI uri = URI.create("http://127.0.0.1:" + options.port + SandboxServer.JOURNAL_PATH);
        try {
            HttpResponse<String> response = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(2))
                    .build()
                    .send(
                            HttpRequest.newBuilder(uri)
                                    .timeout(Duration.ofSeconds(10))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new GuardException(
                        ExitCode.ACTION_FAILED,
                        "the sandbox on port " + options.port + " answered " + response.statusCode());
            }
            // Each line names resources as callers sent them (any object key): written again with
            // guard's JSON escapes, the same values, nothing a terminal would act on.
            // All of it first: whatever else listens on the port (a web server answering every path)
            // is named as not a sandbox, before any line of it is printed.
            java.util.List<String> lines = new java.util.ArrayList<>();
            for (String l : response.body().lines().filter(l -> !l.isBlank()).toList()) {
                try {
                    lines.add(dev.guard.json.Json.rewritten(l));
                } catch (java.io.UncheckedIOException notJson) {
                    throw new GuardException(
                            ExitCode.INVALID_INPUT,
                            "what answers on port " + options.port
                                    + " is not a guard sandbox (its journal is not JSON lines); give the port"
                                    + " guard sandbox printed");
                }
            }
            lines.forEach(l -> spec.commandLine().getOut().println(l));
            spec.commandLine().getOut().flush();
            return ExitCode.OK;
        } catch (IOException e) {
            throw new GuardException(
                    ExitCode.ACTION_FAILED,
                    "no sandbox answers on port " + options.port + " (start one with: guard sandbox --port "
                            + options.port + ")");
        }
    }
}
