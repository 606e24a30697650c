package dev.guard.runbook;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Safety rails evaluated against the discovered targets before anything changes: at most
 * {@code maxTargets}, none carrying one of {@code refuseTags}, each in one of {@code expectStates}.
 * Across an account set {@code maxTargets} holds in each account and region, and {@code
 * maxTargetsTotal} over all of them together.
 */
public record Guards(
        OptionalInt maxTargets,
        Map<String, String> refuseTags,
        List<String> expectStates,
        OptionalInt maxTargetsTotal) {
    public static final Guards NONE = new Guards(OptionalInt.empty(), Map.of(), List.of());

    public Guards {
        refuseTags = Map.copyOf(refuseTags);
        expectStates = List.copyOf(expectStates);
    }

    public Guards(OptionalInt maxTargets, Map<String, String> refuseTags, List<String> expectStates) {
        this(maxTargets, refuseTags, expectStates, OptionalInt.empty());
    }
}
