package dev.guard.action.ec2;

import dev.guard.action.Action;
import dev.guard.action.InputContext;
import dev.guard.action.Operation;
import dev.guard.action.StepContext;
import dev.guard.action.StepInputs;
import dev.guard.yaml.Fields;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** What the EC2 instance actions share: their inputs (ids or a selector) and instance states. */
abstract class InstanceAction implements Action {
    @Override
    public boolean destructive() {
        return true;
    }

    @Override
    public Set<String> states() {
        return InstanceInputs.STATES;
    }

    @Override
    public List<String> inputKeys() {
        return InstanceInputs.KEYS;
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
