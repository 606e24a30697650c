package dev.guard.action.ec2;

import dev.guard.action.StepInputs;
import java.util.List;

/** {@code ec2:StopInstances}: stops instances (EBS data is kept; instance-store data is lost). */
public final class StopInstances extends InstanceAction {
    @Override
    public String name() {
        return "ec2:StopInstances";
    }

    @Override
    public String title() {
        return "stop EC2 instances";
    }

    @Override
    public List<String> warnings(StepInputs inputs) {
        return List.of("stopping loses instance-store data and interrupts whatever the instances are serving");
    }
}
