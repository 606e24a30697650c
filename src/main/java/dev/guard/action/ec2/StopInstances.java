package dev.guard.action.ec2;

import dev.guard.action.Action;
import dev.guard.action.InputContext;
import dev.guard.action.StepInputs;
import dev.guard.yaml.Fields;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** {@code ec2:StopInstances}: stops instances (EBS data is kept; instance-store data is lost). */
public final class StopInstances implements Action {
    @Override
    public String name() {
        return "ec2:StopInstances";
    }

    @Override
    public String title() {
        return "stop EC2 instances";
    }

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
    public List<String> warnings(StepInputs inputs) {
        return List.of("stopping loses instance-store data and interrupts whatever the instances are serving");
    }
}
