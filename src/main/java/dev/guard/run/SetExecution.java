package dev.guard.run;

import dev.guard.action.Outcome;
import dev.guard.action.StopSignal;
import dev.guard.plan.AccountSet;
import dev.guard.plan.ErrorBudget;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A confirmed set step's members, changed {@code maxConcurrency} at once, each as one step is (re-read,
 * change, wait). A member failed when any of its outcomes did or it broke off — or its targets could
 * not even be read; once the failures exceed the error budget no new member starts, the ones under
 * way finish, and the rest are reported not started, with the reason. Ctrl-C stops new starts the
 * same way (members under way stop at their next batch).
 */
final class SetExecution {
    /**
     * What the set step came to.
     *
     * @param failedMembers members that failed (their targets unread, an outcome failed, broke off)
     * @param exceeded the error budget's verdict when it stopped new starts
     * @param failedIn the accounts (by id) a member failed in: later steps skip them
     */
    record Result(
            List<Executor.StepReport> reports,
            int done,
            int failed,
            int already,
            int failedMembers,
            Optional<String> exceeded,
            Map<String, String> failedIn) {}

    private record Ran(List<Outcome> outcomes, Optional<String> broke) {}

    private final StepChange change;
    private final StepAudit records;
    private final Consumer<String> out;
    private final StopSignal stop;

    SetExecution(StepChange change, StepAudit records, Consumer<String> out, StopSignal stop) {
        this.change = change;
        this.records = records;
        this.out = out;
        this.stop = stop;
    }

    /**
     * The members this step runs in: all but those in an account where an earlier step failed. The
     * error budget's base and the confirmation count these only — a skipped member neither loosens a
     * percentage budget nor adds targets to the question.
     *
     * @param failedBefore accounts (by id) where an earlier step failed, and which step
     */
    static List<Executor.Discovered> running(List<Executor.Discovered> members, Map<String, String> failedBefore) {
        return members.stream()
                .filter(d -> !failedBefore.containsKey(d.step().account().id()))
                .toList();
    }

    /** Discovery failures out of the members that run: whether the budget is spent before any start. */
    static boolean spentBeforeStart(List<Executor.Discovered> members, Map<String, String> failedBefore) {
        List<Executor.Discovered> running = running(members, failedBefore);
        long failed = running.stream().filter(d -> d.failure().isPresent()).count();
        return members.get(0).step().set().orElseThrow().maxErrors().exceeded((int) failed, running.size());
    }

    /** @param failedBefore accounts (by id) where an earlier step failed, and which step */
    Result run(List<Executor.Discovered> members, Map<String, String> failedBefore) {
        AccountSet set = members.get(0).step().set().orElseThrow();
        ErrorBudget budget = set.maxErrors();
        List<Executor.Discovered> running = running(members, failedBefore);
        int n = running.size();
        AtomicInteger failed = new AtomicInteger(
                (int) running.stream().filter(d -> d.failure().isPresent()).count());
        List<Executor.Discovered> toRun = running.stream()
                .filter(d -> d.failure().isEmpty() && !d.targets().isEmpty())
                .toList();
        List<Optional<Ran>> ran = MemberPool.run(
                toRun,
                set.maxConcurrency(),
                () -> !stop.requested() && !budget.exceeded(failed.get(), n),
                d -> carryOut(d, failed));
        Map<Executor.Discovered, Optional<Ran>> byMember = new java.util.IdentityHashMap<>();
        for (int i = 0; i < toRun.size(); i++) {
            byMember.put(toRun.get(i), ran.get(i));
        }
        Optional<String> exceeded = budget.exceeded(failed.get(), n)
                ? Optional.of("error budget maxErrors=" + budget + " exceeded: " + failed.get() + " of " + n + " member"
                        + (n == 1 ? "" : "s") + " failed")
                : Optional.empty();
        String notStarted = "not started: "
                + (stop.requested() ? "stopped by " + stop.cause() : exceeded.orElse("the run stopped"));
        return collect(members, byMember, failedBefore, notStarted, exceeded);
    }

    private Ran carryOut(Executor.Discovered d, AtomicInteger failed) {
        List<Outcome> outcomes = new ArrayList<>();
        Optional<String> broke = change.carryOut(d, outcomes);
        outcomes.addAll(d.already());
        if (broke.isPresent() || outcomes.stream().anyMatch(o -> o.status() == Outcome.Status.FAILED)) {
            failed.incrementAndGet();
        }
        // Shown before it is written: when the audit write fails (and the run stops), the operator
        // still sees what this member did.
        show(d, outcomes, broke);
        records.outcomes(d, outcomes);
        return new Ran(outcomes, broke);
    }

    /** One line per member, then each target that did not go through: printed together. */
    private void show(Executor.Discovered d, List<Outcome> outcomes, Optional<String> broke) {
        Map<Outcome.Status, Integer> counts = new java.util.EnumMap<>(Outcome.Status.class);
        outcomes.forEach(o -> counts.merge(o.status(), 1, Integer::sum));
        List<String> parts = new ArrayList<>();
        counts.forEach((status, k) -> parts.add(k + " " + status.name().toLowerCase(Locale.ROOT)));
        List<String> lines = new ArrayList<>();
        lines.add("  " + StepView.where(d.step()) + ": " + String.join(", ", parts)
                + broke.map(b -> " — broke off: " + b).orElse(""));
        outcomes.stream()
                .filter(o -> o.status() != Outcome.Status.DONE)
                .forEach(o -> lines.add(
                        "    " + o.targetId() + "  " + o.status().name().toLowerCase(Locale.ROOT) + "  " + o.detail()));
        synchronized (out) {
            lines.forEach(out);
        }
    }

    private Result collect(
            List<Executor.Discovered> members,
            Map<Executor.Discovered, Optional<Ran>> byMember,
            Map<String, String> failedBefore,
            String notStarted,
            Optional<String> exceeded) {
        List<Executor.StepReport> reports = new ArrayList<>();
        Map<String, String> failedIn = new HashMap<>();
        int done = 0;
        int failedTargets = 0;
        int already = 0;
        int failedMembers = 0;
        String stepId = members.get(0).step().set().orElseThrow().stepId();
        for (Executor.Discovered d : members) {
            Optional<Ran> ran = byMember.getOrDefault(d, Optional.empty());
            List<Outcome> outcomes;
            Optional<String> note;
            boolean skippedHere = failedBefore.containsKey(d.step().account().id());
            if (skippedHere) {
                note = Optional.of(
                        "not run: step " + failedBefore.get(d.step().account().id()) + " failed in this account");
                outcomes = skipped(d, note.get());
            } else if (d.failure().isPresent()) {
                outcomes = List.of();
                note = d.failure();
            } else if (d.targets().isEmpty()) {
                outcomes = d.already();
                note = Optional.empty();
                if (!outcomes.isEmpty()) {
                    records.outcomes(d, outcomes);
                }
            } else if (ran.isEmpty()) {
                note = Optional.of(notStarted);
                outcomes = skipped(d, notStarted);
            } else {
                outcomes = ran.get().outcomes();
                note = ran.get().broke();
            }
            boolean memberFailed = (d.failure().isPresent() && !skippedHere)
                    || (ran.isPresent()
                            && (ran.get().broke().isPresent()
                                    || outcomes.stream().anyMatch(o -> o.status() == Outcome.Status.FAILED)));
            if (memberFailed) {
                failedMembers++;
                failedIn.put(d.step().account().id(), stepId);
            }
            for (Outcome o : outcomes) {
                done += o.status() == Outcome.Status.DONE ? 1 : 0;
                failedTargets += o.status() == Outcome.Status.FAILED ? 1 : 0;
            }
            already += d.already().size();
            reports.add(new Executor.StepReport(d.step(), d.targets(), outcomes, Optional.empty(), note, memberFailed));
        }
        return new Result(reports, done, failedTargets, already, failedMembers, exceeded, failedIn);
    }

    private List<Outcome> skipped(Executor.Discovered d, String why) {
        List<Outcome> skipped =
                d.targets().stream().map(t -> Outcome.skipped(t.id(), why)).toList();
        if (!skipped.isEmpty()) {
            records.outcomes(d, skipped);
        }
        return skipped;
    }
}
