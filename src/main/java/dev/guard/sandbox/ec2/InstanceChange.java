package dev.guard.sandbox.ec2;

import dev.guard.sandbox.server.AwsError;
import java.time.Duration;
import java.util.Set;

/**
 * The three instance state changes, as EC2 answers them: each reports the transitional state
 * ("shutting-down", "stopping", "pending"), which lasts {@link #base} at AWS's pace scaled by the
 * sandbox's speed (or not at all in an instant sandbox, which stores the end state at once).
 */
enum InstanceChange {
    // AWS publishes no figures; these are what a small EBS-backed instance typically shows.
    TERMINATE("TerminateInstances", Duration.ofSeconds(30)),
    STOP("StopInstances", Duration.ofSeconds(30)),
    START("StartInstances", Duration.ofSeconds(15));

    /**
     * What the change makes of an instance: the state EC2 reports now and the one it ends in; the
     * same for both when the instance is already in (or on its way to) the end state.
     */
    record Transition(String reported, String settled) {
        boolean changes() {
            return !reported.equals(settled);
        }
    }

    // EC2's table: what each change accepts; the rest is IncorrectInstanceState.
    private static final Set<String> STOPPABLE = Set.of("running", "stopping", "stopped");
    private static final Set<String> STARTABLE = Set.of("stopped", "pending", "running");

    final String action;
    /** How long the transitional state lasts at AWS's pace. */
    final Duration base;

    InstanceChange(String action, Duration base) {
        this.action = action;
        this.base = base;
    }

    /** The element the answer is wrapped in, e.g. {@code StartInstancesResponse}. */
    String responseElement() {
        return action + "Response";
    }

    /**
     * Refuses the whole call when one instance cannot make this change, before any is changed: EC2
     * refuses to terminate a protected instance, to stop one that is pending, shutting down or
     * terminated, and to start one that is stopping, shutting down or terminated.
     */
    void check(Instances.Instance i) {
        if (this == TERMINATE && i.disableApiTermination) {
            throw new AwsError(
                    400,
                    "OperationNotPermitted",
                    "The instance '" + i.id + "' may not be"
                            + " terminated. Modify its 'disableApiTermination' instance attribute and try again.");
        }
        if (this == STOP && !STOPPABLE.contains(i.state)) {
            throw incorrectState(i, "stopped");
        }
        if (this == START && !STARTABLE.contains(i.state)) {
            throw incorrectState(i, "started");
        }
    }

    private static AwsError incorrectState(Instances.Instance i, String verb) {
        return new AwsError(
                400,
                "IncorrectInstanceState",
                "The instance '" + i.id + "' is not in a state from which it can be " + verb + ".");
    }

    /**
     * An instance already in (or on its way to) the end state is reported unchanged, and keeps the
     * time its transition ends.
     */
    Transition transition(String previous) {
        return switch (this) {
            case TERMINATE ->
                previous.equals("terminated") || previous.equals("shutting-down")
                        ? same(previous)
                        : new Transition("shutting-down", "terminated");
            case STOP -> previous.equals("running") ? new Transition("stopping", "stopped") : same(previous);
            case START -> previous.equals("stopped") ? new Transition("pending", "running") : same(previous);
        };
    }

    private static Transition same(String state) {
        return new Transition(state, state);
    }
}
