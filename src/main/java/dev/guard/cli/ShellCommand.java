package dev.guard.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code guard shell}: not available yet. */
@Command(
        name = "shell",
        description = {
            "An interactive shell for a maintenance session: MFA once, many runbooks.",
            "Not available in this version yet: exits with code 6."
        },
        footerHeading = "%nExamples:%n",
        footer = {"  guard shell"})
final class ShellCommand extends UnavailableCommand {
    @Parameters(arity = "0..*", hidden = true)
    java.util.List<String> ignored;

    @Override
    String purpose() {
        return "the interactive JLine shell";
    }
}
