package dev.guard.run;

import dev.guard.action.Outcome;
import dev.guard.action.Poll;
import dev.guard.action.StopSignal;
import dev.guard.action.Target;
import dev.guard.plan.PlannedStep;
import dev.guard.term.Progress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One confirmed step's change: re-read its targets (time-of-check/time-of-use), send the change,
 * wait when the runbook says so, and when it breaks half-way, find out what each target is now.
 */
final class StepChange {
    private final Map<PlannedStep, BatchRecorder> batches;
    private final StopSignal stop;
    private Progress progress = Progress.NONE;

    StepChange(Map<PlannedStep, BatchRecorder> batches, StopSignal stop) {
        this.batches = batches;
        this.stop = stop;
    }

    /** Where the re-read and the change are shown while they last. */
    StepChange showing(Progress progress) {
        this.progress = progress;
        return this;
    }

    /**
     * Re-reads, changes and (with {@code wait: true}) waits for one confirmed step. A failure half-way
     * never loses what was already done: every target ends up with an outcome, and the reason the
     * step broke off is returned.
     */
    Optional<String> carryOut(Executor.Discovered d, List<Outcome> outcomes) {
        List<Outcome> made = List.of();
        boolean sent = false;
        try {
            List<Target> current = d.operation().rereadBeforeChange()
                    ? progress.during(
                            "reading targets of step " + d.step().number() + " again before the change",
                            () -> recheck(d, outcomes))
                    : d.targets();
            if (!current.isEmpty()) {
                sent = true;
                BatchRecorder recorder = batches.get(d.step());
                made = change(d, current, recorder);
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

    /** The change itself, shown with the count of targets AWS has answered for: "terminating instances 40/120". */
    private List<Outcome> change(Executor.Discovered d, List<Target> current, BatchRecorder recorder) {
        String label = gerund(d.operation().verb()) + " " + d.operation().noun(2);
        try (Progress.Task task = progress.start(label).total(current.size())) {
            recorder.showing(task);
            return d.operation().execute(current);
        } finally {
            recorder.showing(Progress.Task.NONE);
        }
    }

    /** "terminating", "stopping", "writing": the verbs guard's actions have. */
    static String gerund(String verb) {
        if (verb.endsWith("e") && !verb.endsWith("ee")) {
            return verb.substring(0, verb.length() - 1) + "ing";
        }
        if (verb.matches("[a-z]*[^aeiou][aeiou][bdgmnpt]") && verb.length() <= 4) {
            return verb + verb.charAt(verb.length() - 1) + "ing";
        }
        return verb + "ing";
    }

    /**
     * The targets a step broke off on after its changes began (DESIGN.md §4): read again, each is
     * done if it is now in the action's end state, unchanged if it is as it was shown, and otherwise
     * of unknown outcome.
     */
    private static List<Outcome> readAgain(Executor.Discovered d, List<Target> left, String why) {
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

    static String message(RuntimeException e) {
        String m = e.getMessage();
        return m == null
                ? e.getClass().getSimpleName()
                : m.replaceAll("\\s+", " ").strip();
    }

    /**
     * Reads the targets again just before changing them: any that vanished or changed state since
     * they were shown is skipped with the reason (time-of-check/time-of-use).
     */
    private List<Target> recheck(Executor.Discovered d, List<Outcome> skipped) {
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
