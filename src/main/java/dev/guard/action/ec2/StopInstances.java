package dev.guard.action.ec2;

import dev.guard.action.ActionMetadata;
import dev.guard.action.StepInputs;
import java.util.List;

/** {@code ec2:StopInstances}: stops instances (EBS data is kept; instance-store data is lost). */
public final class StopInstances extends InstanceAction {
    private static final ActionMetadata METADATA = instanceMetadata("ec2:StopInstances", "stop EC2 instances");

    @Override
    public ActionMetadata metadata() {
        return METADATA;
    }

    @Override
    public List<String> warnings(StepInputs inputs) {
        return List.of("stopping loses instance-store data and interrupts whatever the instances are serving");
    }
}
