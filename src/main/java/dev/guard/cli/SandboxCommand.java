package dev.guard.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/** {@code guard sandbox}: not available yet. */
@Command(
        name = "sandbox",
        description = {
            "Run a local, policy-faithful AWS endpoint for rehearsals.",
            "Not available in this version yet: exits with code 6."
        },
        footerHeading = "%nExamples:%n",
        footer = {"  guard sandbox"})
final class SandboxCommand extends UnavailableCommand {
    // Whatever options it will take, it fails the same way now: exit code 6, never "unknown option".
    @Unmatched
    java.util.List<String> ignored;

    @Override
    String purpose() {
        return "the local AWS sandbox";
    }
}
