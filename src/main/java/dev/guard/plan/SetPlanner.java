package dev.guard.plan;

import dev.guard.action.Action;
import dev.guard.action.StepInputs;
import dev.guard.config.Account;
import dev.guard.runbook.Guards;
import dev.guard.runbook.Step;
import dev.guard.runbook.TargetSpec;
import dev.guard.yaml.Problems;
import dev.guard.yaml.Scalar;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A step whose target is a set, fanned out: one {@link PlannedStep} per account × region, in
 * member order, all pointing at one {@link AccountSet}, each a copy of the step whose id is {@link
 * AccountSet#instanceId} — so credentials, sessions, audit and saved plans, all keyed by step id,
 * work per member unchanged.
 *
 * <p>Loops rather than lambdas: a validate of a set runs this, and on JDK 17 each lambda call site
 * costs ~60 µs to link the first time.
 */
final class SetPlanner {
    private final TargetResolver targets;
    private final AccountSets sets;
    private final Problems problems;
    private final List<String> notes = new ArrayList<>();

    SetPlanner(TargetResolver targets, AccountSets sets, Problems problems) {
        this.targets = targets;
        this.sets = sets;
        this.problems = problems;
    }

    /** Plan-level warnings found while fanning out: protected accounts in a set, a set nobody matched. */
    List<String> notes() {
        return List.copyOf(notes);
    }

    /** @param inputs reads the step's {@code with:}, after the set (so problems come in file order) */
    List<PlannedStep> plan(
            int index, Step step, TargetSpec target, Action action, PlanBuilder.StepReading inputs, String where) {
        Optional<AccountSets.Resolved> resolved =
                target.accounts().isEmpty() ? single(target, step, where) : sets.resolve(target.accounts());
        Optional<List<TargetResolver.Region>> regions = regions(target, where);
        Optional<StepInputs> read = inputs.read();
        if (resolved.isEmpty() || regions.isEmpty() || read.isEmpty()) {
            return List.of();
        }
        List<AccountSet.Member> members = new ArrayList<>();
        for (AccountSets.Found f : resolved.get().accounts()) {
            for (TargetResolver.Region r : regions.get()) {
                members.add(new AccountSet.Member(f.account(), r.name(), f.source(), f.name()));
            }
        }
        if (members.isEmpty()) {
            notes.add(step.id() + ": no account matched "
                    + String.join(", ", resolved.get().sources()) + ": the step does nothing");
            return List.of();
        }
        AccountSet set = new AccountSet(
                step.id(),
                members,
                resolved.get().sources(),
                target.maxConcurrency().isPresent()
                        ? Integer.parseInt(target.maxConcurrency().get().text())
                        : RolloutDefaults.MAX_CONCURRENCY,
                target.maxErrors().isPresent() ? budget(target.maxErrors().get()) : RolloutDefaults.MAX_ERRORS,
                total(step.guards(), members.size()));
        checkTotal(step, set, read.get(), where);
        for (Account a : set.accounts()) {
            if (a.protectedAccount()) {
                notes.add(step.id() + ": protected account " + a.label()
                        + " in a set: only an approved saved plan may act in it");
            }
        }
        Map<String, TargetResolver.Region> byName = new LinkedHashMap<>();
        for (TargetResolver.Region r : regions.get()) {
            byName.put(r.name(), r);
        }
        boolean several = regions.get().size() > 1;
        List<PlannedStep> out = new ArrayList<>();
        for (AccountSet.Member m : members) {
            Step instance = step.withId(AccountSet.instanceId(step.id(), m.account(), m.region(), several));
            out.add(targets.planned(
                    index,
                    instance,
                    target,
                    action,
                    read.get(),
                    m.account(),
                    byName.get(m.region()),
                    Optional.of(set)));
        }
        return out;
    }

    /** {@code regions:} with one {@code account:}: a set of one account. */
    private Optional<AccountSets.Resolved> single(TargetSpec target, Step step, String where) {
        Optional<Account> account = targets.account(target, step, where);
        if (account.isEmpty()) {
            return Optional.empty();
        }
        Account a = account.get();
        return Optional.of(new AccountSets.Resolved(
                List.of(new AccountSets.Found(a, a.alias(), Optional.empty())), List.of(a.alias() + " (1)")));
    }

    private Optional<List<TargetResolver.Region>> regions(TargetSpec target, String where) {
        if (target.regions().isEmpty()) {
            Optional<TargetResolver.Region> region = targets.region(target, where);
            return region.isPresent() ? Optional.of(List.of(region.get())) : Optional.empty();
        }
        List<TargetResolver.Region> out = new ArrayList<>();
        boolean ok = true;
        for (Scalar s : target.regions()) {
            Optional<TargetResolver.Region> r = targets.written(s, "target.regions");
            if (r.isPresent()) {
                out.add(r.get());
            } else {
                ok = false;
            }
        }
        return ok ? Optional.of(out) : Optional.empty();
    }

    static ErrorBudget budget(Scalar s) {
        String text = s.text();
        boolean percent = text.endsWith("%");
        return new ErrorBudget(Integer.parseInt(percent ? text.substring(0, text.length() - 1) : text), percent);
    }

    /** {@code maxTargetsTotal}, else {@code maxTargets} in each member: the plan shows which. */
    private static OptionalInt total(Guards guards, int members) {
        if (guards.maxTargetsTotal().isPresent()) {
            return guards.maxTargetsTotal();
        }
        if (guards.maxTargets().isEmpty()) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(
                (int) Math.min(Integer.MAX_VALUE, (long) guards.maxTargets().getAsInt() * members));
    }

    private void checkTotal(Step step, AccountSet set, StepInputs inputs, String where) {
        OptionalInt max = step.guards().maxTargets();
        if (max.isPresent() && inputs.namedTargets() > max.getAsInt()) {
            problems.add(
                    step.positionOf("guards", "maxTargets"),
                    where + ": names " + inputs.namedTargets() + " targets but guards.maxTargets is " + max.getAsInt());
        }
        long named = (long) inputs.namedTargets() * set.members().size();
        if (set.maxTargetsTotal().isPresent() && named > set.maxTargetsTotal().getAsInt()) {
            problems.add(
                    step.positionOf("guards", "maxTargetsTotal"),
                    where + ": names " + inputs.namedTargets() + " targets in each of "
                            + set.members().size()
                            + " accounts × regions (" + named + ") but guards.maxTargetsTotal is "
                            + set.maxTargetsTotal().getAsInt());
        }
    }
}
