package dev.guard.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/** {@code guard login}: not available yet. */
@Command(
        name = "login",
        description = {
            "Obtain MFA-backed credentials now and cache them for later runs.",
            "Not available in this version yet: exits with code 6."
        },
        footerHeading = "%nExamples:%n",
        footer = {"  guard login"})
final class LoginCommand extends UnavailableCommand {
    // Whatever options it will take, it fails the same way now: exit code 6, never "unknown option".
    @Unmatched
    java.util.List<String> ignored;

    @Override
    String purpose() {
        return "priming the MFA session cache";
    }
}
