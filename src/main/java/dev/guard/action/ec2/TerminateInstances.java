package dev.guard.action.ec2;

import dev.guard.action.ActionMetadata;
import dev.guard.action.StepInputs;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.InstanceStateChange;

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

    @Override
    String verb() {
        return "terminate";
    }

    @Override
    String finalState() {
        return "terminated";
    }

    @Override
    Set<String> changedStates() {
        return Set.of("shutting-down", "terminated");
    }

    @Override
    boolean refusedByTerminationProtection() {
        return true;
    }

    @Override
    List<InstanceStateChange> change(Ec2Client ec2, List<String> ids, boolean dryRun) {
        return ec2.terminateInstances(b -> b.instanceIds(ids).dryRun(dryRun ? Boolean.TRUE : null))
                .terminatingInstances();
    }
}
