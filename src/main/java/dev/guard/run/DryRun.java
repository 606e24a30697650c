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

/**
 * {@code guard run --dry-run}: ask AWS, step by step, whether each change would be allowed; send none.
 * A set step's members are asked {@code maxConcurrency} at once.
 */
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
        out.accept("");
        out.accept("Dry run — no change is sent:");
        for (List<Executor.Discovered> group : SetSteps.groups(discovered, Executor.Discovered::step)) {
            int parallel =
                    group.get(0).step().set().map(s -> s.maxConcurrency()).orElse(1);
            List<Optional<Executor.StepReport>> asked =
                    MemberPool.run(group, parallel, () -> !stop.requested(), this::ask);
            for (int i = 0; i < group.size(); i++) {
                Executor.Discovered d = group.get(i);
                reports.add(asked.get(i)
                        .orElseGet(() -> new Executor.StepReport(d.step(), d.targets(), List.of(), Optional.empty())));
            }
            if (asked.stream().anyMatch(Optional::isEmpty)) {
                return new Executor.Report(
                        ExitCode.INTERRUPTED,
                        reports,
                        List.of(),
                        "interrupted by " + stop.cause() + " during the dry run; nothing was changed");
            }
        }
        return summary(reports);
    }

    private Executor.StepReport ask(Executor.Discovered d) {
        if (d.targets().isEmpty()) {
            return new Executor.StepReport(
                    d.step(),
                    d.targets(),
                    List.of(),
                    Optional.empty(),
                    d.failure(),
                    d.failure().isPresent());
        }
        Operation.DryRunAnswer answer = d.operation().dryRun(d.targets());
        String verdict = !answer.allowed() ? "DENIED" : answer.checked() ? "allowed" : "not checked";
        String line = "  " + d.step().step().id() + ": " + verdict + " — " + answer.detail();
        synchronized (out) {
            out.accept(line);
        }
        audit.write(new AuditEvent.DryRun(d.step().step().id(), verdict, answer.detail()));
        return new Executor.StepReport(d.step(), d.targets(), List.of(), Optional.of(answer));
    }

    private static Executor.Report summary(List<Executor.StepReport> reports) {
        int allowed = 0;
        int denied = 0;
        int unchecked = 0;
        int failed = 0;
        for (Executor.StepReport r : reports) {
            if (r.note().isPresent()) {
                failed++;
            } else if (r.dryRun().isPresent()) {
                Operation.DryRunAnswer a = r.dryRun().get();
                if (!a.allowed()) {
                    denied++;
                } else if (a.checked()) {
                    allowed++;
                } else {
                    unchecked++;
                }
            }
        }
        String summary = "dry run: " + allowed + " step" + (allowed == 1 ? "" : "s") + " allowed by AWS"
                + (denied > 0 ? ", " + denied + " denied" : "")
                + (unchecked > 0 ? ", " + unchecked + " not checkable (no dry-run flag in that service)" : "")
                + (failed > 0 ? ", " + failed + " account-set member" + (failed == 1 ? "" : "s") + " failed" : "")
                + "; nothing was changed";
        // Failed members beside answered ones are a partial dry run (5); when no member got an answer
        // the dry run failed (1).
        int code = denied > 0
                ? ExitCode.AUTH_FAILED
                : failed == 0 ? ExitCode.OK : allowed + unchecked == 0 ? ExitCode.ACTION_FAILED : ExitCode.PARTIAL;
        return new Executor.Report(code, reports, List.of(), summary);
    }
}
