package dev.guard.run;

import dev.guard.action.Outcome;
import dev.guard.action.Poll;
import dev.guard.action.StopSignal;
import dev.guard.error.ExitCode;
import dev.guard.term.PromptCancelled;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The confirm → execute → wait stages, step after step, and what the run came to: a step declined,
 * broken off or stopped by Ctrl-C ends the run there, and every later target is reported skipped
 * with the reason.
 */
final class Execution {
    private final Confirmation confirmation;
    private final StepChange change;
    private final StepAudit records;
    private final StepView view;
    private final Consumer<String> out;
    private final StopSignal stop;
    private final SetExecution sets;

    Execution(
            Confirmation confirmation,
            StepChange change,
            StepAudit records,
            StepView view,
            Consumer<String> out,
            StopSignal stop) {
        this.confirmation = confirmation;
        this.change = change;
        this.records = records;
        this.view = view;
        this.out = out;
        this.stop = stop;
        this.sets = new SetExecution(change, records, out, stop);
    }

    /** What the run has done so far. */
    private static final class Tally {
        final List<Executor.StepReport> reports = new ArrayList<>();
        int done;
        int failed;
        int already;
        /** Account-set members that failed (their targets unread, an outcome failed, broke off). */
        int failedMembers;
        /** The accounts (by id) a set member failed in, and the step: later steps skip them. */
        final Map<String, String> failedIn = new java.util.HashMap<>();

        String brokeAt;
    }

    Executor.Report run(List<Executor.Discovered> steps) {
        Tally tally = new Tally();
        for (int i = 0; i < steps.size(); i++) {
            Executor.Discovered d = steps.get(i);
            if (d.step().set().isPresent()) {
                List<Executor.Discovered> group = SetSteps.groups(steps.subList(i, steps.size()), x -> x.step())
                        .get(0);
                Optional<Executor.Report> end = runSet(group, steps.subList(i + group.size(), steps.size()), tally);
                if (end.isPresent()) {
                    return end.get();
                }
                i += group.size() - 1;
                if (tally.brokeAt != null) {
                    break;
                }
                continue;
            }
            if (tally.failedIn.containsKey(d.step().account().id())
                    && !d.targets().isEmpty()) {
                String why =
                        "not run: step " + tally.failedIn.get(d.step().account().id()) + " failed in this account";
                out.accept("  step " + d.step().step().id() + " " + why);
                notRun(List.of(d), tally.reports, why);
                continue;
            }
            tally.already += d.already().size();
            if (d.targets().isEmpty()) {
                tally.reports.add(new Executor.StepReport(d.step(), d.targets(), d.already(), Optional.empty()));
                if (!d.already().isEmpty()) {
                    records.outcomes(d, d.already());
                }
                continue;
            }
            if (stop.requested()) {
                return stopped(steps.subList(i, steps.size()), tally.reports);
            }
            Optional<Executor.Report> notConfirmed = confirm(steps.subList(i, steps.size()), tally);
            if (notConfirmed.isPresent()) {
                return notConfirmed.get();
            }
            if (stop.requested()) {
                return stopped(steps.subList(i, steps.size()), tally.reports);
            }
            List<Outcome> outcomes = new ArrayList<>();
            Optional<String> broke = change.carryOut(d, outcomes);
            view.outcomes(outcomes);
            outcomes.addAll(d.already());
            count(outcomes, tally);
            tally.reports.add(new Executor.StepReport(d.step(), d.targets(), outcomes, Optional.empty()));
            records.outcomes(d, outcomes);
            if (stop.requested()) {
                return stopped(steps.subList(i + 1, steps.size()), tally.reports);
            }
            if (brokeOff(d, outcomes, broke, steps.subList(i + 1, steps.size()), tally)) {
                break;
            }
        }
        return summary(tally);
    }

    /**
     * Asks before the first of {@code rest} changes anything.
     *
     * @return the run's report when it ends here: declined, or cancelled at the prompt
     */
    private Optional<Executor.Report> confirm(List<Executor.Discovered> rest, Tally tally) {
        Executor.Discovered d = rest.get(0);
        Optional<String> declined;
        try {
            declined = confirmation.ask(d.step(), d.operation(), d.targets().size());
        } catch (PromptCancelled e) {
            // Neither accepted nor declined: an answer typed after the Ctrl-C is never read.
            records.confirmation(d, "cancelled");
            tally.reports.addAll(Executor.untouched(rest));
            return Optional.of(new Executor.Report(
                    ExitCode.INTERRUPTED, tally.reports, List.of(), "cancelled at " + e.where() + sinceStart(tally)));
        }
        records.confirmation(d, declined.isEmpty() ? "accepted" : "declined");
        if (declined.isEmpty()) {
            return Optional.empty();
        }
        out.accept("  " + declined.get());
        tally.reports.add(new Executor.StepReport(d.step(), d.targets(), List.of(), Optional.empty()));
        return Optional.of(
                new Executor.Report(ExitCode.ABORTED, tally.reports, List.of(), declined.get() + sinceStart(tally)));
    }

    /**
     * A set step: asked once for all its members (unless the error budget is spent by members whose
     * targets could not be read), then its members run on the pool.
     *
     * @return the run's report when it ends here: declined, cancelled, or stopped by Ctrl-C
     */
    private Optional<Executor.Report> runSet(
            List<Executor.Discovered> group, List<Executor.Discovered> later, Tally tally) {
        List<Executor.Discovered> rest = new ArrayList<>(group);
        rest.addAll(later);
        if (stop.requested()) {
            return Optional.of(stopped(rest, tally.reports));
        }
        // Members in an account where an earlier step failed are not run: not asked about, not counted.
        List<Executor.Discovered> running = SetExecution.running(group, tally.failedIn);
        boolean toChange = running.stream().anyMatch(g -> !g.targets().isEmpty());
        if (toChange && !SetExecution.spentBeforeStart(group, tally.failedIn)) {
            Optional<String> declined;
            try {
                declined = confirmation.askSet(running);
            } catch (PromptCancelled e) {
                records.setConfirmation(running, "cancelled");
                tally.reports.addAll(Executor.untouched(rest));
                return Optional.of(new Executor.Report(
                        ExitCode.INTERRUPTED,
                        tally.reports,
                        List.of(),
                        "cancelled at " + e.where() + sinceStart(tally)));
            }
            records.setConfirmation(running, declined.isEmpty() ? "accepted" : "declined");
            if (declined.isPresent()) {
                out.accept("  " + declined.get());
                tally.reports.addAll(Executor.untouched(rest));
                return Optional.of(new Executor.Report(
                        ExitCode.ABORTED, tally.reports, List.of(), declined.get() + sinceStart(tally)));
            }
            if (stop.requested()) {
                return Optional.of(stopped(rest, tally.reports));
            }
        }
        SetExecution.Result r = sets.run(group, tally.failedIn);
        tally.reports.addAll(r.reports());
        tally.done += r.done();
        tally.failed += r.failed();
        tally.already += r.already();
        tally.failedMembers += r.failedMembers();
        tally.failedIn.putAll(r.failedIn());
        String id = group.get(0).step().set().orElseThrow().stepId();
        if (r.exceeded().isPresent()) {
            tally.brokeAt = id;
            out.accept(
                    "  step " + id + " started no new member: " + r.exceeded().get() + "; later steps not run");
            notRun(
                    later,
                    tally.reports,
                    "not run: step " + id + " stopped at its " + r.exceeded().get());
        } else if (stop.requested()) {
            return Optional.of(stopped(later, tally.reports));
        }
        return Optional.empty();
    }

    private static void count(List<Outcome> outcomes, Tally tally) {
        for (Outcome o : outcomes) {
            if (o.status() == Outcome.Status.DONE) {
                tally.done++;
            } else if (o.status() == Outcome.Status.FAILED) {
                tally.failed++;
            }
        }
    }

    /**
     * Later steps may depend on this one (a backup, a stop, the new artifact before the old one is
     * removed): after a step broke off, or one of its targets failed, they do not run.
     *
     * @return whether the run ends here
     */
    private boolean brokeOff(
            Executor.Discovered d,
            List<Outcome> outcomes,
            Optional<String> broke,
            List<Executor.Discovered> later,
            Tally tally) {
        long failedHere = outcomes.stream()
                .filter(o -> o.status() == Outcome.Status.FAILED)
                .count();
        boolean laterToRun = later.stream().anyMatch(l -> !l.targets().isEmpty());
        if (broke.isEmpty() && (failedHere == 0 || !laterToRun)) {
            return false;
        }
        String id = d.step().step().id();
        tally.brokeAt = id;
        String why = broke.orElse(failedHere + " of its targets failed");
        out.accept("  step " + id + " broke off: " + why + "; later steps not run");
        notRun(later, tally.reports, "not run: step " + id + " before it broke off (" + why + ")");
        return true;
    }

    private static Executor.Report summary(Tally t) {
        // A step that broke off (even one whose changes went through but could not be confirmed) is
        // never a success: later steps did not run.
        int code = t.failed == 0 && t.failedMembers == 0 && t.brokeAt == null
                ? ExitCode.OK
                : t.done == 0 ? ExitCode.ACTION_FAILED : ExitCode.PARTIAL;
        String summary = (t.failed == 0
                        ? (t.done == 0 ? "nothing to do" : t.done + " changed")
                        : t.done + " changed, " + t.failed + " failed")
                + (t.already == 0 ? "" : " (" + t.already + " already done)")
                + (t.failedMembers == 0
                        ? ""
                        : "; " + t.failedMembers + " account-set member" + (t.failedMembers == 1 ? "" : "s")
                                + " failed")
                + (t.brokeAt == null ? "" : "; step " + t.brokeAt + " broke off and later steps did not run");
        return new Executor.Report(code, t.reports, List.of(), summary);
    }

    /**
     * Ctrl-C: the steps not yet run are skipped, each target with the reason, shown and audited like
     * any outcome; the summary counts what did happen before.
     */
    private Executor.Report stopped(List<Executor.Discovered> notRun, List<Executor.StepReport> reports) {
        for (Executor.Discovered d : notRun) {
            if (d.targets().isEmpty()) {
                reports.add(new Executor.StepReport(d.step(), d.targets(), List.of(), Optional.empty()));
                continue;
            }
            List<Outcome> skipped = d.targets().stream()
                    .map(t -> Outcome.skipped(t.id(), "stopped by " + stop.cause() + " before this step"))
                    .toList();
            out.accept("  step " + d.step().step().id() + " not run: stopped by " + stop.cause() + " ("
                    + skipped.size() + " "
                    + d.operation().noun(skipped.size()) + " skipped)");
            reports.add(new Executor.StepReport(d.step(), d.targets(), skipped, Optional.empty()));
            records.outcomes(d, skipped);
        }
        return new Executor.Report(ExitCode.INTERRUPTED, reports, List.of(), stoppedSummary(reports));
    }

    /** The steps after one that broke off: each target skipped with the reason, shown and audited. */
    private void notRun(List<Executor.Discovered> later, List<Executor.StepReport> reports, String why) {
        for (Executor.Discovered d : later) {
            if (d.targets().isEmpty()) {
                reports.add(new Executor.StepReport(d.step(), d.targets(), List.of(), Optional.empty()));
                continue;
            }
            List<Outcome> skipped =
                    d.targets().stream().map(t -> Outcome.skipped(t.id(), why)).toList();
            reports.add(new Executor.StepReport(d.step(), d.targets(), skipped, Optional.empty()));
            records.outcomes(d, skipped);
        }
    }

    private static String sinceStart(Tally t) {
        return t.done > 0 ? "; earlier steps had already run (" + t.done + " changed)" : "; nothing was changed";
    }

    /** The summary of a run stopped by Ctrl-C (or a shutdown): what happened before, truly counted. */
    private String stoppedSummary(List<Executor.StepReport> reports) {
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
