package dev.guard.action.ec2;

import dev.guard.action.ActionMetadata;
import dev.guard.action.StepInputs;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.InstanceStateChange;

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

    @Override
    String verb() {
        return "stop";
    }

    @Override
    String finalState() {
        return "stopped";
    }

    @Override
    Set<String> changedStates() {
        return Set.of("stopping", "stopped");
    }

    @Override
    List<InstanceStateChange> change(Ec2Client ec2, List<String> ids, boolean dryRun) {
        return ec2.stopInstances(b -> b.instanceIds(ids).dryRun(dryRun ? Boolean.TRUE : null))
                .stoppingInstances();
    }
}
