package dev.guard.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

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
    // Whatever options it will take, it fails the same way now: exit code 6, never "unknown option".
    @Unmatched
    java.util.List<String> ignored;

    @Override
    String purpose() {
        return "the interactive JLine shell";
    }
}
