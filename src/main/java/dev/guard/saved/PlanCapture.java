package dev.guard.saved;

import dev.guard.action.Operation;
import dev.guard.plan.PlannedStep;
import dev.guard.run.SavedRun;
import dev.guard.run.TargetSelection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code guard plan --live -o} keeps while its discovery runs: the caller, and each step's
 * targets as read (with those already done), to be written into the saved plan.
 */
public final class PlanCapture {
    private final Map<String, TargetSelection.Selection> steps = new LinkedHashMap<>();
    private String caller;

    /** The run's hooks: everything discovery finds is kept, as a plain run would treat it. */
    public SavedRun savedRun() {
        TargetSelection keep = (PlannedStep step, Operation op) -> {
            TargetSelection.Selection s = TargetSelection.ALL.select(step, op);
            steps.put(step.step().id(), s);
            return s;
        };
        return new SavedRun(arn -> caller = arn, keep, List.of());
    }

    /** The caller's ARN, once the run identified it. */
    public Optional<String> caller() {
        return Optional.ofNullable(caller);
    }

    /** A step's targets as read; empty if discovery never reached it. */
    public Optional<TargetSelection.Selection> step(String id) {
        return Optional.ofNullable(steps.get(id));
    }
}
