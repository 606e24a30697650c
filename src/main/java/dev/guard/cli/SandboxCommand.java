package dev.guard.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

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
    @Parameters(arity = "0..*", hidden = true)
    java.util.List<String> ignored;

    @Override
    String purpose() {
        return "the local AWS sandbox";
    }
}
