package dev.guard.run;

import dev.guard.action.Operation;
import dev.guard.action.Outcome;
import dev.guard.action.StepContext;
import dev.guard.action.Target;
import dev.guard.audit.AuditEvent;
import dev.guard.audit.AuditTrail;
import dev.guard.plan.PlannedStep;
import dev.guard.term.Progress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The discover and guards stages for one step: read its targets, set aside those already in the
 * end state, check the guards, write the {@code targets} record and show them.
 */
final class Discovery {
    private final int steps;
    private final Function<PlannedStep, StepContext> contexts;
    private final Map<PlannedStep, BatchRecorder> batches;
    private final AuditTrail audit;
    private final StepView view;
    private final TargetSelection selection;
    private Progress progress = Progress.NONE;

    Discovery(
            int steps,
            Function<PlannedStep, StepContext> contexts,
            Map<PlannedStep, BatchRecorder> batches,
            AuditTrail audit,
            StepView view,
            TargetSelection selection) {
        this.selection = selection;
        this.steps = steps;
        this.contexts = contexts;
        this.batches = batches;
        this.audit = audit;
        this.view = view;
    }

    /** Where reading each step's targets is shown while it lasts. */
    Discovery showing(Progress progress) {
        this.progress = progress;
        return this;
    }

    Executor.Discovered discover(PlannedStep step) {
        return discover(step, view);
    }

    /** One step, shown on {@code view} (an account-set member's own, printed whole when it ends). */
    Executor.Discovered discover(PlannedStep step, StepView view) {
        BatchRecorder recorder = new BatchRecorder(step.step().id(), audit);
        batches.put(step, recorder);
        Operation op =
                step.action().operation(step.inputs(), contexts.apply(step).reportingTo(recorder));
        TargetSelection.Selection selected;
        try {
            selected = progress.during(
                    "reading targets of step " + step.number() + "/" + steps
                            + (step.set().isPresent() ? " in " + step.account().alias() : ""),
                    () -> selection.select(step, op));
        } catch (RuntimeException e) {
            if (step.set().isEmpty()) {
                throw e;
            }
            // One account of a set: its failure (a refused role, an AWS error) is that member's.
            String why = StepChange.message(e);
            view.memberFailed(step, why);
            return new Executor.Discovered(
                    step, op, List.of(), List.of(), List.of(), List.of(), java.util.Optional.of(why));
        }
        List<Target> targets = selected.targets();
        List<Outcome> already = selected.already();
        // Drift first: a saved plan that no longer matches the world is refused whatever the guards say.
        List<String> refusals = new ArrayList<>(selected.drift());
        refusals.addAll(GuardCheck.check(step.step().guards(), targets, op.noun(2)));
        audit.write(new AuditEvent.Targets(
                step.step().id(),
                step.action().name(),
                step.account().id(),
                step.region(),
                targets,
                refusals,
                already.stream().map(Outcome::targetId).toList()));
        if (step.set().isPresent()) {
            view.member(step, op, targets, already);
        } else {
            view.targets(step, steps, op, targets, already);
        }
        return new Executor.Discovered(step, op, targets, already, refusals, selected.drift());
    }
}
