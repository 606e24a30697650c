package dev.guard.action;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An action's checked inputs, as far as a plan needs them before any AWS call. Inputs may also
 * implement the capabilities {@link InBucket} and {@link TargetsById}.
 */
public interface StepInputs {
    /** Plan lines saying what the step selects ("instances i-0abc..."). */
    List<String> describe();

    /** True when targets are chosen by a selector (tags, prefix): then {@code maxTargets} is required. */
    default boolean selector() {
        return false;
    }

    /** How many targets are named explicitly (0 for a selector); most actions name exactly one. */
    default int namedTargets() {
        return 1;
    }

    /** What a typed confirmation asks for, when the step names one resource (a table). */
    default Optional<String> confirmationName() {
        return Optional.empty();
    }

    /** The inputs as plain JSON values for {@code --output json}. */
    Map<String, Object> toJson();
}
