package dev.guard.action;

import java.util.List;
import java.util.Optional;

/**
 * The run-time half of an action: what it reads and changes in AWS. The offline half (reading
 * {@code with}, describing the step) is {@link dev.guard.action.Action}; this part loads the AWS
 * SDK, so commands that never call AWS never load it.
 */
public interface Operation {
    /** Singular and plural noun for counts: "instance", "instances". */
    String noun(int count);

    /** The verb for the confirmation and the report: "terminate". */
    String verb();

    /**
     * The targets as they are now. A target the step names by id that does not exist is an error
     * (a typo must never read as "nothing to do"); a selector matching nothing returns none.
     *
     * @throws StepFailure when AWS cannot be read or a named target does not exist
     */
    List<Target> discover();

    /**
     * Whether the targets are read again just before the change (time-of-check/time-of-use). Only
     * an operation whose change could go wrong on a target that changed meanwhile needs it.
     */
    default boolean rereadBeforeChange() {
        return true;
    }

    /**
     * Why a target needs no change: it is already in the action's end state ("already terminated").
     * Such a target is reported as already done and left alone — not a guard failure — so a run
     * killed half-way converges when it is run again (DESIGN.md §4).
     */
    default Optional<String> alreadyDone(Target target) {
        return Optional.empty();
    }

    /** Facts about the step as a whole learnt by {@link #discover} ("deletion is permanent"). */
    default List<String> notes() {
        return List.of();
    }

    /**
     * Asks AWS whether the change would be allowed and changes nothing: EC2's native {@code
     * DryRun}; read checks where a service has none.
     */
    DryRunAnswer dryRun(List<Target> targets);

    /** Makes the change, in batches where AWS allows, one outcome per target. */
    List<Outcome> execute(List<Target> targets);

    /** Waits until the changes have completed ({@code wait: true}); the outcomes with final states. */
    List<Outcome> await(List<Outcome> outcomes);

    /**
     * What a dry run found.
     *
     * @param allowed whether AWS would allow the change; false only when it said so
     * @param checked whether AWS was actually asked (EC2's DryRun); services without a dry-run
     *     flag answer unchecked, and the run says so instead of claiming success
     * @param detail what was checked, in words, including what could not be
     */
    record DryRunAnswer(boolean allowed, boolean checked, String detail) {
        /** What a service without a dry-run flag can say: it read the targets, nothing more. */
        public static DryRunAnswer unchecked(String detail) {
            return new DryRunAnswer(true, false, detail);
        }
    }
}
