package dev.guard.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/** {@code guard doctor}: not available yet. */
@Command(
        name = "doctor",
        description = {
            "Check config, identity, MFA device, clock skew and role trust policies.",
            "Not available in this version yet: exits with code 6."
        },
        footerHeading = "%nExamples:%n",
        footer = {"  guard doctor"})
final class DoctorCommand extends UnavailableCommand {
    // Whatever options it will take, it fails the same way now: exit code 6, never "unknown option".
    @Unmatched
    java.util.List<String> ignored;

    @Override
    String purpose() {
        return "configuration and trust-policy checks";
    }
}
