package dev.guard.run;

import dev.guard.action.Outcome;
import dev.guard.action.Poll;
import dev.guard.action.StopSignal;
import dev.guard.audit.AuditEvent;
import dev.guard.audit.AuditTrail;
import dev.guard.runbook.Confirm;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** What the audit log records of each step: its confirmation and its outcomes, one record each. */
final class StepAudit {
    private final AuditTrail audit;
    private final boolean interactive;
    private final boolean yes;
    private final StopSignal stop;

    StepAudit(AuditTrail audit, boolean interactive, boolean yes, StopSignal stop) {
        this.stop = stop;
        this.audit = audit;
        this.interactive = interactive;
        this.yes = yes;
    }

    void confirmation(Executor.Discovered d, String result) {
        audit.write(new AuditEvent.Confirmation(
                d.step().step().id(),
                d.step().confirm().yaml(),
                d.step().confirm() == Confirm.NONE
                        ? "nobody (confirm: none)"
                        : interactive ? "terminal" : yes ? "--yes" : "nobody (no terminal)",
                result));
    }

    void outcomes(Executor.Discovered d, List<Outcome> outcomes) {
        audit.write(new AuditEvent.Outcomes(d.step().step().id(), outcomes));
    }

    /** The summary of a run stopped by Ctrl-C (or a shutdown): what happened before, truly counted. */
    String stoppedSummary(List<Executor.StepReport> reports) {
        Map<Outcome.Status, Integer> counts = new EnumMap<>(Outcome.Status.class);
        reports.forEach(r -> r.outcomes().forEach(o -> counts.merge(o.status(), 1, Integer::sum)));
        int done = counts.getOrDefault(Outcome.Status.DONE, 0);
        int failed = counts.getOrDefault(Outcome.Status.FAILED, 0);
        int skipped = counts.getOrDefault(Outcome.Status.SKIPPED, 0);
        boolean unconfirmed = reports.stream()
                .flatMap(r -> r.outcomes().stream())
                .anyMatch(o -> o.detail().contains(Poll.STOPPED));
        return done == 0 && failed == 0
                ? "interrupted by " + stop.cause() + "; nothing was changed"
                        + (skipped > 0 ? " (" + skipped + " skipped)" : "")
                : "interrupted by " + stop.cause() + ": " + done + " changed"
                        + (failed > 0 ? ", " + failed + " failed" : "")
                        + (skipped > 0 ? ", " + skipped + " skipped" : "")
                        + (unconfirmed ? "; waiting was stopped, so some changes are not confirmed" : "");
    }
}
