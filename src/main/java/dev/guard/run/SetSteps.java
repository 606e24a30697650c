package dev.guard.run;

import dev.guard.plan.AccountSet;
import dev.guard.plan.PlannedStep;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The run's steps as it goes through them: a step on its own, or a set step — the consecutive
 * members of one account set (the same {@link AccountSet} instance), which run together, at most
 * {@code maxConcurrency} at once.
 */
final class SetSteps {
    private SetSteps() {}

    /** {@code items} in runbook order, cut into groups: one item, or every member of one set. */
    static <T> List<List<T>> groups(List<T> items, Function<T, PlannedStep> step) {
        List<List<T>> groups = new ArrayList<>();
        List<T> current = new ArrayList<>();
        AccountSet currentSet = null;
        for (T item : items) {
            Optional<AccountSet> set = step.apply(item).set();
            boolean continues = set.isPresent() && set.get() == currentSet;
            if (!continues && !current.isEmpty()) {
                groups.add(List.copyOf(current));
                current.clear();
            }
            current.add(item);
            currentSet = set.orElse(null);
            if (set.isEmpty()) {
                groups.add(List.copyOf(current));
                current.clear();
            }
        }
        if (!current.isEmpty()) {
            groups.add(List.copyOf(current));
        }
        return groups;
    }

    /** The set a group runs across, when it is a set step. */
    static Optional<AccountSet> setOf(List<Executor.Discovered> group) {
        return group.get(0).step().set();
    }

    /** "3 accounts × 1 region". */
    static String reach(AccountSet set) {
        int accounts = set.accounts().size();
        long regions =
                set.members().stream().map(AccountSet.Member::region).distinct().count();
        return accounts + " account" + (accounts == 1 ? "" : "s") + " × " + regions + " region"
                + (regions == 1 ? "" : "s");
    }

    /**
     * {@code guards.maxTargetsTotal} over a set step's members: each member's own guards were
     * checked as it was read; this counts them all.
     */
    static Optional<String> total(List<Executor.Discovered> group) {
        Optional<AccountSet> set = setOf(group);
        if (set.isEmpty() || set.get().maxTargetsTotal().isEmpty()) {
            return Optional.empty();
        }
        int max = set.get().maxTargetsTotal().getAsInt();
        int total = group.stream().mapToInt(d -> d.targets().size()).sum();
        if (total <= max) {
            return Optional.empty();
        }
        long reached = group.stream().filter(d -> !d.targets().isEmpty()).count();
        String noun = group.get(0).operation().noun(2);
        return Optional.of(set.get().stepId() + ": " + total + " " + noun + " match in " + reached + " of "
                + reach(set.get()) + ", more than guards.maxTargetsTotal " + max + ": refusing the whole run");
    }
}
