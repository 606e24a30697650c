package dev.guard.cli;

/** Help sections shared by several commands. */
final class HelpText {
    static final String EXAMPLES_HEADING = "Examples:";

    static final String ROOT_EXAMPLES =
            "  guard run --sandbox runbooks/terminate-dev-instance.yaml     # rehearse locally%n"
                    + "  guard plan runbooks/terminate-dev-instance.yaml -p instanceId=i-0abc1234%n"
                    + "  guard login && guard run terminate-dev-instance -p instanceId=i-0abc1234%n"
                    + "  guard --quiet --log-format json run cleanup-dev-instances --yes  # cron%n"
                    + "  guard validate runbooks/%n"
                    + "  guard list%n"
                    + "  guard schema > runbook.schema.json%n";

    // Each line under 80 columns: picocli wraps a footer at its usage width.
    static final String EXIT_CODES = "%nExit codes:%n"
            + "  0  success (also: nothing to do)%n"
            + "  1  an action failed, or an internal error (rerun with --debug)%n"
            + "  2  invalid input: runbook, parameters, flags or config, or a named target%n"
            + "     that does not exist; nothing was changed%n"
            + "  3  refused by guards, declined at the confirmation, no terminal to confirm%n"
            + "     on, or the targets of a saved plan drifted since it was made%n"
            + "  4  authentication or MFA failure%n"
            + "  5  partial success: some targets failed%n"
            + "  6  command not available in this version yet%n"
            + "  7  locked: another run holds a lock, or a dead run left one (guard unlock)%n"
            + "  8  saved plan refused: expired, edited, its runbook or the config changed,%n"
            + "     another account, or already applied; nothing was changed%n"
            + "  9  not enough approvals for the saved plan%n"
            + "  130  Ctrl-C: cancelled at a prompt, or a run stopped before its next change%n";

    private HelpText() {}
}
