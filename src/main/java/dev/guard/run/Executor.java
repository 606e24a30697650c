package dev.guard.run;

import dev.guard.action.Operation;
import dev.guard.action.Outcome;
import dev.guard.action.StepContext;
import dev.guard.action.StopSignal;
import dev.guard.action.Target;
import dev.guard.audit.AuditTrail;
import dev.guard.error.ExitCode;
import dev.guard.plan.Plan;
import dev.guard.plan.PlannedStep;
import dev.guard.term.Progress;
import dev.guard.term.Terminal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The on-line half of the run pipeline (DESIGN.md §4), once credentials are in hand: discover
 * every step's targets, check the guards for all of them (so a refusal comes before any change),
 * show them, then per step confirm, re-read the targets (skipping any that changed since they were
 * shown), execute and wait — or, with {@code --dry-run}, ask AWS whether it would be allowed.
 * Discovery, the dry run and the execution are each a class of their own.
 */
public final class Executor {
    /**
     * One step as discovered.
     *
     * @param refusals why the run must stop: drift from a saved plan, then the guards' refusals
     * @param drift the refusals that are drift from a saved plan ({@code guard apply})
     * @param failure why an account-set member's targets could not be read (its role refused, an
     *     AWS error): that member failed, the others go on
     */
    public record Discovered(
            PlannedStep step,
            Operation operation,
            List<Target> targets,
            List<Outcome> already,
            List<String> refusals,
            List<String> drift,
            Optional<String> failure) {
        public Discovered(
                PlannedStep step,
                Operation operation,
                List<Target> targets,
                List<Outcome> already,
                List<String> refusals,
                List<String> drift) {
            this(step, operation, targets, already, refusals, drift, Optional.empty());
        }

        public Discovered(
                PlannedStep step,
                Operation operation,
                List<Target> targets,
                List<Outcome> already,
                List<String> refusals) {
            this(step, operation, targets, already, refusals, List.of());
        }
    }

    /**
     * What a step came to.
     *
     * @param note why an account-set member failed or did not run when no outcome of a target says
     *     it (its role refused, the error budget exceeded before it started)
     * @param failed whether it failed: a target's outcome failed, or — for an account-set member, as
     *     its error budget counts it — its targets could not be read or it broke off. The summary
     *     table and {@code --output json} read this, never the note's wording.
     */
    public record StepReport(
            PlannedStep step,
            List<Target> targets,
            List<Outcome> outcomes,
            Optional<Operation.DryRunAnswer> dryRun,
            Optional<String> note,
            boolean failed) {
        /** Failed when one of its outcomes did. */
        public StepReport(
                PlannedStep step,
                List<Target> targets,
                List<Outcome> outcomes,
                Optional<Operation.DryRunAnswer> dryRun,
                Optional<String> note) {
            this(
                    step,
                    targets,
                    outcomes,
                    dryRun,
                    note,
                    outcomes.stream().anyMatch(o -> o.status() == Outcome.Status.FAILED));
        }

        public StepReport(
                PlannedStep step,
                List<Target> targets,
                List<Outcome> outcomes,
                Optional<Operation.DryRunAnswer> dryRun) {
            this(step, targets, outcomes, dryRun, Optional.empty());
        }
    }

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
    private final AuditTrail audit;
    private final StopSignal stop;
    private Consumer<List<Discovered>> beforeChanges = discovered -> {};
    private SavedRun saved = SavedRun.NONE;
    private Progress progress = Progress.NONE;

    /**
     * @param contexts the run-time context of each step (its credentials, region, clients)
     * @param out where the operator reads progress (stdout, or stderr under {@code --output json}), one
     *     line per call; its lines hold keys, names and messages from AWS and the runbook as they are,
     *     so the sink shows each through {@link dev.guard.term.Printable} (the CLI's does)
     * @param yes {@code --yes}, already checked against {@code unattended: true}
     * @param audit where targets, confirmations and outcomes are written
     * @param stop the operator's request to stop, checked before each step and batch
     */
    public Executor(
            Plan plan,
            Function<PlannedStep, StepContext> contexts,
            Terminal terminal,
            Consumer<String> out,
            Mode mode,
            boolean yes,
            AuditTrail audit,
            StopSignal stop) {
        this.plan = plan;
        this.contexts = contexts;
        this.terminal = terminal;
        this.out = out;
        this.mode = mode;
        this.yes = yes;
        this.audit = audit;
        this.stop = stop;
    }

    /** A saved plan's run: its targets, and its approvers in place of the confirmations. */
    public Executor saved(SavedRun saved) {
        this.saved = saved;
        return this;
    }

    /** Where reading the targets and the bulk changes are shown while they last. */
    public Executor showing(Progress progress) {
        this.progress = progress;
        return this;
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

    /** Discover → guards → (confirm → re-read → execute → wait) per step, or the dry run. */
    public Report run() {
        Report report = runSteps();
        // Account sets end with their table: one row per member.
        SetTable.lines(report.steps()).forEach(out);
        return report;
    }

    private Report runSteps() {
        StepView view = new StepView(out);
        // Each step's batch records: the operation writes them as AWS answers (from several workers).
        Map<PlannedStep, BatchRecorder> batches = Collections.synchronizedMap(new IdentityHashMap<>());
        // The runbook's steps: a set step's members are one.
        List<List<PlannedStep>> groups = SetSteps.groups(plan.steps(), s -> s);
        Discovery discovery =
                new Discovery(groups.size(), contexts, batches, audit, view, saved.targets()).showing(progress);
        SetDiscovery sets = new SetDiscovery(discovery, out, stop);
        List<Discovered> discovered = new ArrayList<>();
        for (List<PlannedStep> group : groups) {
            Optional<List<Discovered>> read = stop.requested()
                    ? Optional.empty()
                    : group.get(0).set().isPresent()
                            ? sets.discover(group, groups.size())
                            : Optional.of(List.of(discovery.discover(group.get(0))));
            if (read.isEmpty()) {
                return new Report(
                        ExitCode.INTERRUPTED,
                        untouched(discovered),
                        List.of(),
                        "interrupted by " + stop.cause() + " while reading the targets; nothing was changed");
            }
            discovered.addAll(read.get());
        }
        List<String> refusals = new ArrayList<>();
        for (Discovered d : discovered) {
            d.refusals().forEach(r -> refusals.add(d.step().step().id() + ": " + r));
        }
        SetSteps.groups(discovered, Discovered::step)
                .forEach(g -> SetSteps.total(g).ifPresent(refusals::add));
        if (!refusals.isEmpty()) {
            return refused(discovered, refusals);
        }
        return switch (mode) {
            case DRY_RUN -> new DryRun(out, audit, stop).run(discovered);
            case EXECUTE -> {
                beforeChanges.accept(discovered);
                yield new Execution(
                                new Confirmation(terminal, out, yes).approvedBy(saved.approvers()),
                                new StepChange(batches, stop).showing(progress),
                                new StepAudit(audit, terminal.interactive(), yes).approvedBy(saved.approvers()),
                                view,
                                out,
                                stop)
                        .run(discovered);
            }
            case DISCOVER -> discovered(discovered);
        };
    }

    /** A live plan: the targets read, every guard passes; a set member that could not be read is a partial. */
    private static Report discovered(List<Discovered> discovered) {
        int n = discovered.stream().mapToInt(d -> d.targets().size()).sum();
        long failed = discovered.stream().filter(d -> d.failure().isPresent()).count();
        // Some members read, some not: partial (5); none could be read: the plan failed (1).
        return new Report(
                failed == 0 ? ExitCode.OK : failed == discovered.size() ? ExitCode.ACTION_FAILED : ExitCode.PARTIAL,
                untouched(discovered),
                List.of(),
                "live plan: " + n + " target" + (n == 1 ? "" : "s") + " read just now, every guard passes"
                        + (failed == 0
                                ? ""
                                : "; " + failed + " account-set member" + (failed == 1 ? "" : "s")
                                        + " could not be read")
                        + "; nothing was changed");
    }

    /** The whole run refused before any change: by drift from its saved plan, or by the guards. */
    private Report refused(List<Discovered> discovered, List<String> refusals) {
        long drifted = discovered.stream().mapToLong(d -> d.drift().size()).sum();
        out.accept("");
        out.accept(
                drifted > 0
                        ? "Refused: the world changed since the plan was saved — nothing was changed:"
                        : "Refused by guards — nothing was changed:");
        refusals.forEach(r -> out.accept("  " + r));
        return new Report(
                ExitCode.ABORTED,
                untouched(discovered),
                refusals,
                drifted > 0
                        ? "refused: " + drifted + " difference" + (drifted == 1 ? "" : "s")
                                + " from the saved plan (drift); nothing was changed"
                        : "refused by guards; nothing was changed");
    }

    /** Steps as read, nothing done to their targets. */
    static List<StepReport> untouched(List<Discovered> discovered) {
        return discovered.stream()
                .map(d -> new StepReport(
                        d.step(),
                        d.targets(),
                        List.of(),
                        Optional.empty(),
                        d.failure(),
                        d.failure().isPresent()))
                .toList();
    }
}
