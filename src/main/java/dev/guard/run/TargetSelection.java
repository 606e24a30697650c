package dev.guard.run;

import dev.guard.action.Operation;
import dev.guard.action.Outcome;
import dev.guard.action.Target;
import dev.guard.plan.PlannedStep;
import java.util.ArrayList;
import java.util.List;

/**
 * What a run acts on once a step's targets are read: for {@code guard run}, everything discovery
 * found that is not already done ({@link #ALL}); for {@code guard apply}, exactly the targets its
 * saved plan names, with any difference from what was saved as drift.
 */
public interface TargetSelection {
    /**
     * A step's targets as the run will treat them.
     *
     * @param targets what the step will change
     * @param already left alone, each with the reason (already in the end state, done earlier)
     * @param drift why the whole run must stop before any change, one line each: {@code target: field
     *     before → after}; the run is refused (exit 3) when any step has one
     */
    record Selection(List<Target> targets, List<Outcome> already, List<String> drift) {
        public Selection {
            targets = List.copyOf(targets);
            already = List.copyOf(already);
            drift = List.copyOf(drift);
        }
    }

    /**
     * Reads the step's targets with {@code operation} (its {@link Operation#discover}) and decides.
     *
     * @throws dev.guard.action.StepFailure as {@link Operation#discover} does
     */
    Selection select(PlannedStep step, Operation operation);

    /** Everything discovery found; targets already in the action's end state are left alone. */
    TargetSelection ALL = (step, op) -> {
        List<Target> targets = new ArrayList<>();
        List<Outcome> already = new ArrayList<>();
        for (Target t : op.discover()) {
            op.alreadyDone(t).ifPresentOrElse(why -> already.add(Outcome.skipped(t.id(), why)), () -> targets.add(t));
        }
        return new Selection(targets, already, List.of());
    };
}
