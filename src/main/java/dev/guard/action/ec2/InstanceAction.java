package dev.guard.action.ec2;

import dev.guard.action.Action;
import dev.guard.action.ActionMetadata;
import dev.guard.action.InputContext;
import dev.guard.action.Operation;
import dev.guard.action.StepContext;
import dev.guard.action.StepInputs;
import dev.guard.action.WaitsForCompletion;
import dev.guard.yaml.Fields;
import java.util.Optional;

/** What the EC2 instance actions share: their inputs (ids or a selector) and instance states. */
abstract class InstanceAction implements Action, WaitsForCompletion {
    /** The metadata every instance action shares: destructive, instance states, ids or a selector. */
    static ActionMetadata instanceMetadata(String name, String title) {
        return ActionMetadata.destructive(name, title, InstanceInputs.KEYS.toArray(String[]::new))
                .withStates(InstanceInputs.STATES)
                .selectedBy("selector");
    }

    @Override
    public Optional<StepInputs> read(Fields with, InputContext context) {
        return InstanceInputs.read(with, context);
    }

    @Override
    public Operation operation(StepInputs inputs, StepContext context) {
        return new InstanceOperation(this instanceof TerminateInstances, (InstanceInputs) inputs, context);
    }
}
