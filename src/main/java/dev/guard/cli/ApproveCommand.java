package dev.guard.cli;

import dev.guard.approval.ApprovalFlow;
import dev.guard.approval.ApprovalSession;
import dev.guard.error.ExitCode;
import dev.guard.runbook.ApprovalPolicy;
import dev.guard.saved.SavedPlan;
import dev.guard.term.Printable;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code guard approve FILE}: one person's MFA-backed approval of one saved plan. */
@Command(
        name = "approve",
        description = {
            "Approve a saved plan (guard plan --live -o FILE) whose runbook declares approval:. On a terminal: shows"
                    + " the plan, asks each step's confirmation as run does, then a fresh MFA code, and writes your"
                    + " approval of exactly this plan's digest to the approvals store (config approvals:) under"
                    + " PREFIX/<your IAM user>/ — a place the bucket policy lets only you write, with MFA.",
            "Refused at once: without a terminal (exit 3), an expired or edited plan (8), the planner when the"
                    + " runbook does not allow self-approval, a user not among its approvers, a role (9)."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  guard approve nightly-cleanup.plan.json",
            "  guard approve plan.json --mfa-command 'ykman oath accounts code -s aws'"
        })
final class ApproveCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "The saved plan to approve.")
    String file;

    @Mixin
    ConnectionOptions connection;

    @Spec
    CommandSpec spec;

    private final Context context;

    ApproveCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Session session = new Session(context, spec.commandLine());
        if (connection.sandbox) {
            throw dev.guard.error.GuardException.invalid("guard approve --sandbox would write to a sandbox that ends"
                    + " with the command; start one with guard sandbox and pass --endpoint-url");
        }
        ApprovalFlow.requireTerminal(context.terminal());
        SavedPlan plan = ApprovalStoreAccess.plan(session, file);
        ApprovalPolicy policy = ApprovalStoreAccess.policy(session, plan);
        try (Connections.Opened opened = Connections.open(connection, session, line -> {});
                ApprovalSession approvals = ApprovalStoreAccess.open(session, opened)) {
            new ApprovalFlow(approvals, session.config().auditLog(), context.terminal(), line -> {
                        session.out().println(line);
                        session.out().flush();
                    })
                    .approve(plan, policy, ApprovalStoreAccess.codes(session, connection, "approve"));
            session.out()
                    .println(Printable.of(approvals
                            .list(plan, policy, java.time.Instant.now())
                            .summary()));
            session.out().flush();
            return ExitCode.OK;
        }
    }
}
