package dev.guard.action;

import dev.guard.yaml.Fields;
import java.util.List;
import java.util.Optional;

/**
 * One AWS operation a runbook step can perform. An action is its own files — this class, its
 * {@link Operation}, and its {@code with:} schema fragment next to it ({@code <Class>.schema.json},
 * or its superclass's) — plus one line in {@link ActionRegistry}; the plan, the run, the locks and
 * {@code guard schema} read only the {@link ActionMetadata} record and the capabilities an action
 * (or its inputs) implements ({@link WaitsForCompletion}, {@link InBucket}, {@link TargetsById}),
 * never its name. Most of the contract is offline: reading and checking {@code with} and
 * describing the step for a plan; {@link #operation} is the part that calls AWS.
 */
public interface Action {
    /** Name, title, states, inputs and the like: everything the loader and the schema check against. */
    ActionMetadata metadata();

    /** The name runbooks use, e.g. {@code ec2:TerminateInstances}. */
    default String name() {
        return metadata().name();
    }

    /**
     * Reads and checks {@code with}. Literal values are checked for shape now; values holding
     * {@code ${param}} are checked once parameters are resolved (this method runs again then).
     */
    Optional<StepInputs> read(Fields with, InputContext context);

    /** Warnings the plan shows for this step (permanent deletes and the like). */
    List<String> warnings(StepInputs inputs);

    /**
     * The run-time half: discovery, dry run, the change and the wait, with the step's credentials.
     * Only {@code guard run} calls it; the classes it returns load the AWS SDK.
     *
     * @param inputs what {@link #read} returned for this step, parameters resolved
     */
    Operation operation(StepInputs inputs, StepContext context);
}
