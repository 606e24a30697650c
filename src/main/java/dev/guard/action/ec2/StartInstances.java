package dev.guard.action.ec2;

import dev.guard.action.ActionMetadata;
import dev.guard.action.StepInputs;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.InstanceStateChange;

/**
 * {@code ec2:StartInstances}: starts stopped instances (the morning half of a maintenance window
 * that stopped them at night). A running or pending instance is already done; EC2 refuses a whole
 * call that holds a stopping or terminated one.
 */
public final class StartInstances extends InstanceAction {
    private static final ActionMetadata METADATA = instanceMetadata("ec2:StartInstances", "start EC2 instances");

    @Override
    public ActionMetadata metadata() {
        return METADATA;
    }

    @Override
    public List<String> warnings(StepInputs inputs) {
        return List.of("started instances are billed again and run whatever they start at boot");
    }

    @Override
    String verb() {
        return "start";
    }

    @Override
    String finalState() {
        return "running";
    }

    @Override
    Set<String> changedStates() {
        return Set.of("pending", "running");
    }

    @Override
    List<InstanceStateChange> change(Ec2Client ec2, List<String> ids, boolean dryRun) {
        return ec2.startInstances(b -> b.instanceIds(ids).dryRun(dryRun ? Boolean.TRUE : null))
                .startingInstances();
    }
}
