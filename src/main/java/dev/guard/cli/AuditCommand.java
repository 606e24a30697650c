package dev.guard.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

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
    @Parameters(arity = "0..*", hidden = true)
    java.util.List<String> ignored;

    @Override
    String purpose() {
        return "the audit log";
    }
}
