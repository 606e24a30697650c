package dev.guard.action.ec2;

import dev.guard.action.Action;
import dev.guard.action.ActionMetadata;
import dev.guard.action.InputContext;
import dev.guard.action.Operation;
import dev.guard.action.StepContext;
import dev.guard.action.StepInputs;
import dev.guard.action.WaitsForCompletion;
import dev.guard.yaml.Fields;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.InstanceStateChange;

/**
 * What the EC2 instance actions share: their inputs (ids or a selector), instance states, waiting,
 * and one {@link InstanceOperation}; a subclass names its change (verb, end state, the EC2 call).
 */
abstract class InstanceAction implements Action, WaitsForCompletion {
    /** The metadata every instance action shares: destructive, instance states, ids or a selector. */
    static ActionMetadata instanceMetadata(String name, String title) {
        return ActionMetadata.destructive(name, title, InstanceInputs.KEYS.toArray(new String[0]))
                .withStates(InstanceInputs.STATES)
                .selectedBy("selector");
    }

    @Override
    public Optional<StepInputs> read(Fields with, InputContext context) {
        return InstanceInputs.read(with, context);
    }

    @Override
    public Operation operation(StepInputs inputs, StepContext context) {
        return new InstanceOperation(this, (InstanceInputs) inputs, context);
    }

    /** The verb for the confirmation and the report: "stop". */
    abstract String verb();

    /** The state the change ends in, which {@code wait: true} waits for: "stopped". */
    abstract String finalState();

    /**
     * The states that mean the change has been made or is under way ("stopping", "stopped"): a
     * target found in one is already done, and a lost answer is settled by reading them.
     */
    abstract Set<String> changedStates();

    /** Whether an instance's termination protection refuses the change (read at discovery). */
    boolean refusedByTerminationProtection() {
        return false;
    }

    /**
     * The EC2 call for one batch of at most 1,000 ids: the state changes EC2 reports. With {@code
     * dryRun} EC2 answers DryRunOperation (an exception) instead of changing anything. Without it the
     * request carries no DryRun parameter at all (null).
     */
    abstract List<InstanceStateChange> change(Ec2Client ec2, List<String> ids, boolean dryRun);
}
