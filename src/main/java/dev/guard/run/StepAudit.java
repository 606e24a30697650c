package dev.guard.run;

import dev.guard.action.Outcome;
import dev.guard.audit.AuditEvent;
import dev.guard.audit.AuditTrail;
import dev.guard.runbook.Confirm;
import java.util.List;

/** What the audit log records of each step: its confirmation and its outcomes, one record each. */
final class StepAudit {
    private final AuditTrail audit;
    private final boolean interactive;
    private final boolean yes;
    private List<String> approvers = List.of();

    StepAudit(AuditTrail audit, boolean interactive, boolean yes) {
        this.audit = audit;
        this.interactive = interactive;
        this.yes = yes;
    }

    /** Confirmations given at approval time, by these approvers (see {@link Confirmation#approvedBy}). */
    StepAudit approvedBy(List<String> approvers) {
        this.approvers = List.copyOf(approvers);
        return this;
    }

    void confirmation(Executor.Discovered d, String result) {
        audit.write(new AuditEvent.Confirmation(
                d.step().step().id(),
                d.step().confirm().yaml(),
                d.step().confirm() == Confirm.NONE
                        ? "nobody (confirm: none)"
                        : !approvers.isEmpty()
                                ? "approval by " + String.join(", ", approvers)
                                : interactive ? "terminal" : yes ? "--yes" : "nobody (no terminal)",
                result));
    }

    /** A set step's one confirmation: recorded for the set, then for each member it covers. */
    void setConfirmation(List<Executor.Discovered> members, String result) {
        Executor.Discovered first = members.get(0);
        audit.write(new AuditEvent.Confirmation(
                first.step().set().orElseThrow().stepId(),
                first.step().confirm().yaml(),
                by(first),
                result));
        members.forEach(d -> confirmation(d, result));
    }

    private String by(Executor.Discovered d) {
        return d.step().confirm() == Confirm.NONE
                ? "nobody (confirm: none)"
                : !approvers.isEmpty()
                        ? "approval by " + String.join(", ", approvers)
                        : interactive ? "terminal" : yes ? "--yes" : "nobody (no terminal)";
    }

    void outcomes(Executor.Discovered d, List<Outcome> outcomes) {
        audit.write(new AuditEvent.Outcomes(d.step().step().id(), outcomes));
    }
}
