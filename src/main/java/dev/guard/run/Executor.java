package dev.guard.run;

import dev.guard.action.Operation;
import dev.guard.action.Outcome;
import dev.guard.action.Poll;
import dev.guard.action.StepContext;
import dev.guard.action.StopSignal;
import dev.guard.action.Target;
import dev.guard.error.ExitCode;
import dev.guard.plan.Plan;
import dev.guard.plan.PlannedStep;
import dev.guard.term.PromptCancelled;
import dev.guard.term.Terminal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The on-line half of the run pipeline (DESIGN.md §4), once credentials are in hand: discover
 * every step's targets, check the guards for all of them (so a refusal comes before any change),
 * show them, then per step confirm, re-read the targets (skipping any that changed since they were
 * shown), execute and wait — or, with {@code --dry-run}, ask AWS whether it would be allowed.
 */
public final class Executor {
    /** One step as discovered. */
    public record Discovered(
            PlannedStep step,
            Operation operation,
            List<Target> targets,
            List<Outcome> already,
            List<String> refusals) {}

    /** Each step's batch records: the operation writes them as AWS answers. */
    private final Map<PlannedStep, BatchRecorder> batches = new java.util.IdentityHashMap<>();

    /** What a step came to. */
    public record StepReport(
            PlannedStep step, List<Target> targets, List<Outcome> outcomes, Optional<Operation.DryRunAnswer> dryRun) {}

    /** How far a run goes once the targets are read and the guards pass. */
    public enum Mode {
        /** Confirm, re-read, change, wait: {@code guard run}. */
        EXECUTE,
        /** Ask AWS whether the change would be allowed, change nothing: {@code guard run --dry-run}. */
        DRY_RUN,
        /** Stop at the targets and guards: {@code guard plan --live} / {@code --sandbox}. */
        DISCOVER
    }

    /** The whole run, for the summary and {@code --output json}. */
    public record Report(int exitCode, List<StepReport> steps, List<String> refusals, String summary) {}

    private final Plan plan;
    private final Function<PlannedStep, StepContext> contexts;
    private final Terminal terminal;
    private final Consumer<String> out;
    private final Mode mode;
    private final boolean yes;
    private final Audit audit;
    private final StopSignal stop;
    private final Confirmation confirmation;
    private final StepView view;
    private final StepAudit records;
    private Consumer<List<Discovered>> beforeChanges = discovered -> {};

    /**
     * @param contexts the run-time context of each step (its credentials, region, clients)
     * @param out where the operator reads progress (stdout, or stderr under {@code --output json}), one
     *     line per call; its lines hold keys, names and messages from AWS and the runbook as they are,
     *     so the sink shows each through {@link dev.guard.term.Printable} (cli's LiveRun does)
     * @param yes {@code --yes}, already checked against {@code unattended: true}
     * @param audit where targets, confirmations and outcomes are recorded
     * @param stop the operator's request to stop, checked before each step and batch
     */
    public Executor(
            Plan plan,
            Function<PlannedStep, StepContext> contexts,
            Terminal terminal,
            Consumer<String> out,
            Mode mode,
            boolean yes,
            Audit audit,
            StopSignal stop) {
        this.plan = plan;
        this.contexts = contexts;
        this.terminal = terminal;
        this.out = out;
        this.mode = mode;
        this.yes = yes;
        this.audit = audit;
        this.stop = stop;
        this.confirmation = new Confirmation(terminal, out, yes);
        this.view = new StepView(out);
        this.records = new StepAudit(audit, terminal.interactive(), yes, stop);
    }

    /**
     * Told of every step's targets once they are read and the guards pass, before the first
     * confirmation (execute mode only): the run locks what a selector matched here, and may stop the
     * run by throwing.
     */
    public Executor beforeChanges(Consumer<List<Discovered>> hook) {
        this.beforeChanges = hook;
        return this;
    }

    public Report run() {
        List<Discovered> discovered = new ArrayList<>();
        for (PlannedStep step : plan.steps()) {
            if (stop.requested()) {
                List<StepReport> read = new ArrayList<>();
                discovered.forEach(d -> read.add(new StepReport(d.step(), d.targets(), List.of(), Optional.empty())));
                return new Report(
                        ExitCode.INTERRUPTED,
                        read,
                        List.of(),
                        "interrupted by " + stop.cause() + " while reading the targets; nothing was changed");
            }
            BatchRecorder recorder = new BatchRecorder(step.step().id(), audit);
            batches.put(step, recorder);
            Operation op =
                    step.action().operation(step.inputs(), contexts.apply(step).reportingTo(recorder));
            List<Target> targets = new ArrayList<>();
            List<Outcome> already = new ArrayList<>();
            for (Target t : op.discover()) {
                op.alreadyDone(t)
                        .ifPresentOrElse(why -> already.add(Outcome.skipped(t.id(), why)), () -> targets.add(t));
            }
            List<String> refusals = GuardCheck.check(step.step().guards(), targets, op.noun(2));
            discovered.add(new Discovered(step, op, targets, already, refusals));
            Map<String, Object> seen = new LinkedHashMap<>();
            seen.put("step", step.step().id());
            seen.put("action", step.action().name());
            seen.put("account", step.account().id());
            seen.put("region", step.region());
            seen.put(
                    "targets",
                    targets.stream()
                            .map(t -> {
                                Map<String, Object> m = new LinkedHashMap<>();
                                m.put("id", t.id());
                                m.put("state", t.state().orElse(null));
                                return m;
                            })
                            .toList());
            seen.put("refusals", refusals);
            if (!already.isEmpty()) {
                seen.put("alreadyDone", already.stream().map(Outcome::targetId).toList());
            }
            audit.record("targets", seen);
            view.targets(step, plan.steps().size(), op, targets, already);
        }
        List<String> refusals = new ArrayList<>();
        for (Discovered d : discovered) {
            d.refusals().forEach(r -> refusals.add(d.step().step().id() + ": " + r));
        }
        List<StepReport> reports = new ArrayList<>();
        if (!refusals.isEmpty()) {
            out.accept("");
            out.accept("Refused by guards — nothing was changed:");
            refusals.forEach(r -> out.accept("  " + r));
            discovered.forEach(d -> reports.add(new StepReport(d.step(), d.targets(), List.of(), Optional.empty())));
            return new Report(ExitCode.ABORTED, reports, refusals, "refused by guards; nothing was changed");
        }
        return switch (mode) {
            case DRY_RUN -> dryRun(discovered);
            case EXECUTE -> {
                beforeChanges.accept(discovered);
                yield execute(discovered);
            }
            case DISCOVER -> {
                discovered.forEach(
                        d -> reports.add(new StepReport(d.step(), d.targets(), List.of(), Optional.empty())));
                int n = discovered.stream().mapToInt(d -> d.targets().size()).sum();
                yield new Report(
                        ExitCode.OK,
                        reports,
                        List.of(),
                        "live plan: " + n + " target" + (n == 1 ? "" : "s") + " read just now, every guard passes;"
                                + " nothing was changed");
            }
        };
    }

    private Report dryRun(List<Discovered> discovered) {
        List<StepReport> reports = new ArrayList<>();
        int allowed = 0;
        int denied = 0;
        int unchecked = 0;
        out.accept("");
        out.accept("Dry run — no change is sent:");
        for (Discovered d : discovered) {
            if (d.targets().isEmpty()) {
                reports.add(new StepReport(d.step(), d.targets(), List.of(), Optional.empty()));
                continue;
            }
            if (stop.requested()) {
                reports.add(new StepReport(d.step(), d.targets(), List.of(), Optional.empty()));
                return new Report(
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
            audit.record(
                    "dry-run", Map.of("step", d.step().step().id(), "verdict", verdict, "detail", answer.detail()));
            reports.add(new StepReport(d.step(), d.targets(), List.of(), Optional.of(answer)));
        }
        String summary = "dry run: " + allowed + " step" + (allowed == 1 ? "" : "s") + " allowed by AWS"
                + (denied > 0 ? ", " + denied + " denied" : "")
                + (unchecked > 0 ? ", " + unchecked + " not checkable (no dry-run flag in that service)" : "")
                + "; nothing was changed";
        return new Report(denied == 0 ? ExitCode.OK : ExitCode.AUTH_FAILED, reports, List.of(), summary);
    }

    private Report execute(List<Discovered> discovered) {
        List<StepReport> reports = new ArrayList<>();
        int done = 0;
        int failed = 0;
        int already = 0;
        String brokeAt = null;
        for (int i = 0; i < discovered.size(); i++) {
            Discovered d = discovered.get(i);
            already += d.already().size();
            if (d.targets().isEmpty()) {
                reports.add(new StepReport(d.step(), d.targets(), d.already(), Optional.empty()));
                if (!d.already().isEmpty()) {
                    records.outcomes(d, d.already());
                }
                continue;
            }
            if (stop.requested()) {
                return stopped(discovered.subList(i, discovered.size()), reports);
            }
            Optional<String> declined;
            try {
                declined = confirmation.ask(d.step(), d.operation(), d.targets().size());
            } catch (PromptCancelled e) {
                // Neither accepted nor declined: an answer typed after the Ctrl-C is never read.
                records.confirmation(d, "cancelled");
                discovered
                        .subList(i, discovered.size())
                        .forEach(rest ->
                                reports.add(new StepReport(rest.step(), rest.targets(), List.of(), Optional.empty())));
                return new Report(
                        ExitCode.INTERRUPTED, reports, List.of(), "cancelled at " + e.where() + sinceStart(done));
            }
            records.confirmation(d, declined.isEmpty() ? "accepted" : "declined");
            if (declined.isPresent()) {
                out.accept("  " + declined.get());
                reports.add(new StepReport(d.step(), d.targets(), List.of(), Optional.empty()));
                String summary = declined.get()
                        + (done > 0
                                ? "; earlier steps had already run (" + done + " changed)"
                                : "; nothing was changed");
                return new Report(ExitCode.ABORTED, reports, List.of(), summary);
            }
            if (stop.requested()) {
                return stopped(discovered.subList(i, discovered.size()), reports);
            }
            List<Outcome> outcomes = new ArrayList<>();
            Optional<String> broke = carryOut(d, outcomes);
            view.outcomes(outcomes);
            outcomes.addAll(d.already());
            for (Outcome o : outcomes) {
                if (o.status() == Outcome.Status.DONE) {
                    done++;
                } else if (o.status() == Outcome.Status.FAILED) {
                    failed++;
                }
            }
            reports.add(new StepReport(d.step(), d.targets(), outcomes, Optional.empty()));
            records.outcomes(d, outcomes);
            if (stop.requested()) {
                return stopped(discovered.subList(i + 1, discovered.size()), reports);
            }
            // Later steps may depend on this one (a backup, a stop, the new artifact before the old
            // one is removed): after a step broke off, or one of its targets failed, they do not run.
            long failedHere = outcomes.stream()
                    .filter(o -> o.status() == Outcome.Status.FAILED)
                    .count();
            List<Discovered> later = discovered.subList(i + 1, discovered.size());
            boolean laterToRun = later.stream().anyMatch(l -> !l.targets().isEmpty());
            if (broke.isPresent() || (failedHere > 0 && laterToRun)) {
                String id = d.step().step().id();
                brokeAt = id;
                String why = broke.orElse(failedHere + " of its targets failed");
                out.accept("  step " + id + " broke off: " + why + "; later steps not run");
                notRun(later, reports, "not run: step " + id + " before it broke off (" + why + ")");
                break;
            }
        }
        // A step that broke off (even one whose changes went through but could not be confirmed) is
        // never a success: later steps did not run.
        int code = failed == 0 && brokeAt == null ? ExitCode.OK : done == 0 ? ExitCode.ACTION_FAILED : ExitCode.PARTIAL;
        String summary = (failed == 0
                        ? (done == 0 ? "nothing to do" : done + " changed")
                        : done + " changed, " + failed + " failed")
                + (already == 0 ? "" : " (" + already + " already done)")
                + (brokeAt == null ? "" : "; step " + brokeAt + " broke off and later steps did not run");
        return new Report(code, reports, List.of(), summary);
    }

    /**
     * Ctrl-C: the steps not yet run are skipped, each target with the reason, shown and audited like
     * any outcome; the summary counts what did happen before.
     */
    private Report stopped(List<Discovered> notRun, List<StepReport> reports) {
        for (Discovered d : notRun) {
            if (d.targets().isEmpty()) {
                reports.add(new StepReport(d.step(), d.targets(), List.of(), Optional.empty()));
                continue;
            }
            List<Outcome> skipped = d.targets().stream()
                    .map(t -> Outcome.skipped(t.id(), "stopped by " + stop.cause() + " before this step"))
                    .toList();
            out.accept("  step " + d.step().step().id() + " not run: stopped by " + stop.cause() + " ("
                    + skipped.size() + " "
                    + d.operation().noun(skipped.size()) + " skipped)");
            reports.add(new StepReport(d.step(), d.targets(), skipped, Optional.empty()));
            records.outcomes(d, skipped);
        }
        return new Report(ExitCode.INTERRUPTED, reports, List.of(), records.stoppedSummary(reports));
    }

    /** The steps after one that broke off: each target skipped with the reason, shown and audited. */
    private void notRun(List<Discovered> later, List<StepReport> reports, String why) {
        for (Discovered d : later) {
            if (d.targets().isEmpty()) {
                reports.add(new StepReport(d.step(), d.targets(), List.of(), Optional.empty()));
                continue;
            }
            List<Outcome> skipped =
                    d.targets().stream().map(t -> Outcome.skipped(t.id(), why)).toList();
            reports.add(new StepReport(d.step(), d.targets(), skipped, Optional.empty()));
            records.outcomes(d, skipped);
        }
    }

    private static String sinceStart(int done) {
        return done > 0 ? "; earlier steps had already run (" + done + " changed)" : "; nothing was changed";
    }

    /**
     * Re-reads, changes and (with {@code wait: true}) waits for one confirmed step. A failure half-way
     * never loses what was already done: every target ends up with an outcome, and the reason the
     * step broke off is returned.
     */
    private Optional<String> carryOut(Discovered d, List<Outcome> outcomes) {
        List<Outcome> made = List.of();
        boolean sent = false;
        try {
            List<Target> current = d.operation().rereadBeforeChange() ? recheck(d, outcomes) : d.targets();
            if (!current.isEmpty()) {
                sent = true;
                made = d.operation().execute(current);
                BatchRecorder recorder = batches.get(d.step());
                if (!recorder.reported()) {
                    recorder.completed(made); // one call, one batch: recorded before any wait
                }
            }
        } catch (RuntimeException e) {
            Set<String> reported = new HashSet<>();
            outcomes.forEach(o -> reported.add(o.targetId()));
            made.forEach(o -> reported.add(o.targetId()));
            outcomes.addAll(made);
            String why = message(e);
            List<Target> left =
                    d.targets().stream().filter(t -> !reported.contains(t.id())).toList();
            if (sent) {
                // Changes may have gone out before it broke: what each target is now, never a guess.
                outcomes.addAll(readAgain(d, left, why));
            } else {
                left.forEach(t -> outcomes.add(Outcome.failed(t.id(), "not changed: " + why)));
            }
            return Optional.of(why);
        }
        if (!d.step().step().waitForCompletion() || made.isEmpty()) {
            outcomes.addAll(made);
            return Optional.empty();
        }
        try {
            outcomes.addAll(d.operation().await(made));
            return Optional.empty();
        } catch (RuntimeException e) {
            String why = stop.stopWaiting() ? Poll.STOPPED : "waiting failed: " + message(e);
            made.forEach(o -> outcomes.add(
                    o.status() == Outcome.Status.DONE
                            ? Outcome.done(o.targetId(), o.detail() + " (not confirmed: " + why + ")")
                            : o));
            return Optional.of(why);
        }
    }

    /**
     * The targets a step broke off on after its changes began (DESIGN.md §4): read again, each is
     * done if it is now in the action's end state, unchanged if it is as it was shown, and otherwise
     * of unknown outcome.
     */
    private static List<Outcome> readAgain(Discovered d, List<Target> left, String why) {
        if (left.isEmpty()) {
            return List.of();
        }
        Map<String, Target> now = new LinkedHashMap<>();
        try {
            d.operation().discover().forEach(t -> now.put(t.id(), t));
        } catch (RuntimeException e) {
            return left.stream()
                    .map(t -> Outcome.failed(
                            t.id(),
                            "outcome unknown: " + why + "; reading it again failed too (" + message(e)
                                    + "): check it before running again"))
                    .toList();
        }
        List<Outcome> out = new ArrayList<>();
        for (Target shown : left) {
            Target t = now.get(shown.id());
            Optional<String> done =
                    t == null ? Optional.of("gone") : d.operation().alreadyDone(t);
            if (done.isPresent()) {
                out.add(Outcome.done(
                        shown.id(), "changed (the step broke off: " + why + "; read again: " + done.get() + ")"));
            } else if (t.state().equals(shown.state())) {
                out.add(Outcome.failed(shown.id(), "not changed: " + why + " (read again, it is as it was)"));
            } else {
                out.add(Outcome.failed(
                        shown.id(),
                        "outcome unknown: " + why + "; read again it is "
                                + t.state().orElse("?") + ": check it before running again"));
            }
        }
        return out;
    }

    private static String message(RuntimeException e) {
        String m = e.getMessage();
        return m == null
                ? e.getClass().getSimpleName()
                : m.replaceAll("\\s+", " ").strip();
    }

    /**
     * Reads the targets again just before changing them: any that vanished or changed state since
     * they were shown is skipped with the reason (time-of-check/time-of-use).
     */
    private List<Target> recheck(Discovered d, List<Outcome> skipped) {
        Map<String, Target> now = new LinkedHashMap<>();
        d.operation().discover().forEach(t -> now.put(t.id(), t));
        List<Target> current = new ArrayList<>();
        for (Target shown : d.targets()) {
            Target t = now.get(shown.id());
            if (t == null) {
                skipped.add(Outcome.skipped(shown.id(), "gone since it was shown"));
            } else if (!t.state().equals(shown.state())) {
                skipped.add(Outcome.skipped(
                        shown.id(),
                        "changed since it was shown: " + shown.state().orElse("?") + " → "
                                + t.state().orElse("?")));
            } else if (t.protection().isPresent() || !t.tags().equals(shown.tags())) {
                skipped.add(Outcome.skipped(shown.id(), "its tags or protection changed since it was shown"));
            } else {
                current.add(t);
            }
        }
        return current;
    }
}
