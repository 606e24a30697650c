package dev.guard.action;

import dev.guard.yaml.Fields;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One AWS operation a runbook step can perform. Each action is one class, registered in {@link
 * ActionRegistry}; the engine only talks to this interface, so adding an action touches nothing
 * else. Most of the contract is offline: reading and checking the step's {@code with} inputs and
 * describing the step for a plan; {@link #operation} is the part that calls AWS.
 */
public interface Action {
    /** The name runbooks use, e.g. {@code ec2:TerminateInstances}. */
    String name();

    /** The AWS service the action calls ({@code ec2}, {@code dynamodb}, {@code s3}). */
    default String service() {
        return name().substring(0, name().indexOf(':'));
    }

    /** A short verb phrase for plans and listings. */
    String title();

    /** Whether the action changes or destroys something (then {@code confirm: none} is refused). */
    boolean destructive();

    /** The states {@code guards.expectStates} may name; empty when targets have no state. */
    Set<String> states();

    /** Whether discovery reads the targets' tags, so that {@code guards.refuseTags} can refuse them. */
    default boolean tagged() {
        return true;
    }

    /** Keys allowed under {@code with}, for messages and the schema test. */
    List<String> inputKeys();

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
