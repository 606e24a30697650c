package dev.guard.apply;

import dev.guard.action.Operation;
import dev.guard.action.Outcome;
import dev.guard.action.ReadsById;
import dev.guard.action.StepFailure;
import dev.guard.action.Target;
import dev.guard.error.ExitCode;
import dev.guard.plan.PlannedStep;
import dev.guard.run.TargetSelection;
import dev.guard.saved.SavedStep;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What {@code guard apply} acts on: exactly the targets its saved plan names, read again now. Any
 * difference from what the plan saw — a target gone, its state, tags or fingerprint changed, or the
 * step now reading a target the plan does not name — is drift, and refuses the whole apply before
 * any change. Resuming an interrupted apply, the targets it already did are left alone, and so is a
 * target now in the action's end state (a batch in flight when it was killed).
 */
final class SavedTargets implements TargetSelection {
    private final Map<String, SavedStep> steps = new LinkedHashMap<>();
    private final AppliedRecord.Done done;
    private final boolean resuming;

    /**
     * @param done the targets an earlier, interrupted apply of this plan did, with when
     * @param resuming whether this apply resumes one that was interrupted
     */
    SavedTargets(List<SavedStep> steps, AppliedRecord.Done done, boolean resuming) {
        steps.forEach(s -> this.steps.put(s.id(), s));
        this.done = done;
        this.resuming = resuming;
    }

    @Override
    public Selection select(PlannedStep step, Operation op) {
        SavedStep saved = steps.get(step.step().id());
        Map<String, Target> found = new LinkedHashMap<>();
        String unreadable = "";
        try {
            op.discover().forEach(t -> found.put(t.id(), t));
        } catch (StepFailure e) {
            if (e.exitCode() != ExitCode.INVALID_INPUT) {
                throw e;
            }
            unreadable = " (" + e.getMessage() + ")"; // a named target that no longer exists
        }
        Set<String> selected = Set.copyOf(found.keySet());
        if (op instanceof ReadsById byId) {
            // A saved target its selector no longer finds: read it by id, to say how it changed.
            List<String> missing = saved.targets().stream()
                    .map(SavedStep.SavedTarget::id)
                    .filter(id ->
                            !found.containsKey(id) && done.at(saved.id(), id).isEmpty())
                    .toList();
            // Also when discovery failed on a named id that no longer exists: the others are read.
            if (!missing.isEmpty()) {
                byId.readById(missing).forEach(t -> found.put(t.id(), t));
            }
        }
        return compare(saved, op, found, selected, unreadable);
    }

    /**
     * The saved step against what its operation reads now.
     *
     * @param found every target read now, by the step's own discovery or by id
     * @param selected the ids the step's own discovery found: a saved target outside them is never
     *     acted on (a plan resealed by hand cannot add what the runbook does not select)
     */
    Selection compare(SavedStep saved, Operation op, Map<String, Target> found, Set<String> selected, String goneWhy) {
        List<Target> targets = new ArrayList<>();
        List<Outcome> already = new ArrayList<>();
        List<String> drift = new ArrayList<>();
        for (SavedStep.SavedTarget st : saved.targets()) {
            Optional<String> doneAt = done.at(saved.id(), st.id());
            if (doneAt.isPresent()) {
                already.add(Outcome.skipped(st.id(), "done by the apply at " + doneAt.get()));
                continue;
            }
            Target now = found.get(st.id());
            if (now == null) {
                if (resuming) {
                    already.add(Outcome.skipped(
                            st.id(),
                            "no longer read by its step since the interrupted apply: counted as done (a change in"
                                    + " flight when it stopped takes a target out of what its step reads)"));
                } else {
                    drift.add(st.id() + ": gone since the plan was saved" + goneWhy);
                }
                continue;
            }
            Optional<String> end = op.alreadyDone(now);
            if (end.isPresent() && resuming) {
                already.add(Outcome.skipped(st.id(), end.get() + " (the interrupted apply's change went through)"));
                continue;
            }
            List<String> differences = differences(st, now);
            if (differences.isEmpty() && !selected.contains(st.id())) {
                differences = List.of("not selected by the step now (the runbook does not select it as it is)");
            }
            differences.forEach(d -> drift.add(st.id() + ": " + d));
            if (differences.isEmpty()) {
                targets.add(now);
            }
        }
        notInPlan(saved, op, found, already, drift);
        return new Selection(targets, already, drift);
    }

    /** Targets the step reads now that the plan does not name: never acted on; new ones are drift. */
    private static void notInPlan(
            SavedStep saved, Operation op, Map<String, Target> found, List<Outcome> already, List<String> drift) {
        Set<String> named = new TreeSet<>();
        saved.targets().forEach(t -> named.add(t.id()));
        for (Target t : found.values()) {
            if (named.contains(t.id())) {
                continue;
            }
            Optional<String> end = op.alreadyDone(t);
            if (end.isPresent()) {
                already.add(Outcome.skipped(t.id(), end.get()));
            } else if (saved.alreadyDone().contains(t.id())) {
                drift.add(t.id() + ": state " + "(already done when the plan was saved) → "
                        + t.state().orElse("(none)"));
            } else {
                drift.add(t.id() + ": not in the saved plan → now read by the step (apply acts only on the plan's"
                        + " targets)");
            }
        }
    }

    /** Each field that differs: {@code state running → stopped}, {@code tag env dev → (none)}. */
    static List<String> differences(SavedStep.SavedTarget saved, Target now) {
        List<String> out = new ArrayList<>();
        if (!saved.state().equals(now.state())) {
            out.add("state " + saved.state().orElse("(none)") + " → "
                    + now.state().orElse("(none)"));
        }
        compareMaps("tag ", saved.tags(), now.tags(), out);
        compareMaps("", saved.fingerprint(), now.fingerprint(), out);
        return out;
    }

    private static void compareMaps(
            String prefix, Map<String, String> before, Map<String, String> after, List<String> out) {
        Set<String> keys = new TreeSet<>(before.keySet());
        keys.addAll(after.keySet());
        for (String k : keys) {
            String b = before.get(k);
            String a = after.get(k);
            if (b == null ? a != null : !b.equals(a)) {
                out.add(prefix + k + " " + (b == null ? "(none)" : b) + " → " + (a == null ? "(none)" : a));
            }
        }
    }
}
