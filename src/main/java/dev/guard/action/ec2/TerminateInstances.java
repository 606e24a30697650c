package dev.guard.action.ec2;

import dev.guard.action.ActionMetadata;
import dev.guard.action.StepInputs;
import java.util.List;

/** {@code ec2:TerminateInstances}: permanently terminates instances. */
public final class TerminateInstances extends InstanceAction {
    private static final ActionMetadata METADATA =
            instanceMetadata("ec2:TerminateInstances", "terminate EC2 instances");

    @Override
    public ActionMetadata metadata() {
        return METADATA;
    }

    @Override
    public List<String> warnings(StepInputs inputs) {
        return List.of("termination is permanent: instance-store data and EBS volumes marked DeleteOnTermination are"
                + " destroyed");
    }
}
