package dev.guard.run;

import dev.guard.action.Operation;
import dev.guard.action.StopSignal;
import dev.guard.audit.AuditEvent;
import dev.guard.audit.AuditTrail;
import dev.guard.error.ExitCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** {@code guard run --dry-run}: ask AWS, step by step, whether each change would be allowed; send none. */
final class DryRun {
    private final Consumer<String> out;
    private final AuditTrail audit;
    private final StopSignal stop;

    DryRun(Consumer<String> out, AuditTrail audit, StopSignal stop) {
        this.out = out;
        this.audit = audit;
        this.stop = stop;
    }

    Executor.Report run(List<Executor.Discovered> discovered) {
        List<Executor.StepReport> reports = new ArrayList<>();
        int allowed = 0;
        int denied = 0;
        int unchecked = 0;
        out.accept("");
        out.accept("Dry run — no change is sent:");
        for (Executor.Discovered d : discovered) {
            if (d.targets().isEmpty()) {
                reports.add(new Executor.StepReport(d.step(), d.targets(), List.of(), Optional.empty()));
                continue;
            }
            if (stop.requested()) {
                reports.add(new Executor.StepReport(d.step(), d.targets(), List.of(), Optional.empty()));
                return new Executor.Report(
                        ExitCode.INTERRUPTED,
                        reports,
                        List.of(),
                        "interrupted by " + stop.cause() + " before the dry run of step "
                                + d.step().step().id() + "; nothing was changed");
            }
            Operation.DryRunAnswer answer = d.operation().dryRun(d.targets());
            String verdict;
            if (!answer.allowed()) {
                denied++;
                verdict = "DENIED";
            } else if (answer.checked()) {
                allowed++;
                verdict = "allowed";
            } else {
                unchecked++;
                verdict = "not checked";
            }
            out.accept("  " + d.step().step().id() + ": " + verdict + " — " + answer.detail());
            audit.write(new AuditEvent.DryRun(d.step().step().id(), verdict, answer.detail()));
            reports.add(new Executor.StepReport(d.step(), d.targets(), List.of(), Optional.of(answer)));
        }
        String summary = "dry run: " + allowed + " step" + (allowed == 1 ? "" : "s") + " allowed by AWS"
                + (denied > 0 ? ", " + denied + " denied" : "")
                + (unchecked > 0 ? ", " + unchecked + " not checkable (no dry-run flag in that service)" : "")
                + "; nothing was changed";
        return new Executor.Report(denied == 0 ? ExitCode.OK : ExitCode.AUTH_FAILED, reports, List.of(), summary);
    }
}
