package dev.guard.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/** {@code guard audit}: not available yet. */
@Command(
        name = "audit",
        description = {
            "Show or verify the hash-chained audit log.",
            "Not available in this version yet: exits with code 6."
        },
        footerHeading = "%nExamples:%n",
        footer = {"  guard audit verify"})
final class AuditCommand extends UnavailableCommand {
    // Whatever options it will take, it fails the same way now: exit code 6, never "unknown option".
    @Unmatched
    java.util.List<String> ignored;

    @Override
    String purpose() {
        return "the audit log";
    }
}
