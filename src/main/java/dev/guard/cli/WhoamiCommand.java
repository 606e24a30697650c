package dev.guard.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/** {@code guard whoami}: not available yet. */
@Command(
        name = "whoami",
        description = {
            "Show your identities, MFA device and cached sessions (never secrets).",
            "Not available in this version yet: exits with code 6."
        },
        footerHeading = "%nExamples:%n",
        footer = {"  guard whoami"})
final class WhoamiCommand extends UnavailableCommand {
    // Whatever options it will take, it fails the same way now: exit code 6, never "unknown option".
    @Unmatched
    java.util.List<String> ignored;

    @Override
    String purpose() {
        return "showing identities and sessions";
    }
}
