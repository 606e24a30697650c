package dev.guard.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/** {@code guard logout}: not available yet. */
@Command(
        name = "logout",
        description = {"Remove cached sessions.", "Not available in this version yet: exits with code 6."},
        footerHeading = "%nExamples:%n",
        footer = {"  guard logout"})
final class LogoutCommand extends UnavailableCommand {
    // Whatever options it will take, it fails the same way now: exit code 6, never "unknown option".
    @Unmatched
    java.util.List<String> ignored;

    @Override
    String purpose() {
        return "clearing the session cache";
    }
}
