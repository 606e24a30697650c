package dev.guard.action.ec2;

import dev.guard.action.StepInputs;
import java.util.List;

/** {@code ec2:TerminateInstances}: permanently terminates instances. */
public final class TerminateInstances extends InstanceAction {
    @Override
    public String name() {
        return "ec2:TerminateInstances";
    }

    @Override
    public String title() {
        return "terminate EC2 instances";
    }

    @Override
    public List<String> warnings(StepInputs inputs) {
        return List.of("termination is permanent: instance-store data and EBS volumes marked DeleteOnTermination are"
                + " destroyed");
    }
}
