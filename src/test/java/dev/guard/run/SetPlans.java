package dev.guard.run;

import dev.guard.config.Account;
import dev.guard.plan.AccountSet;
import dev.guard.plan.ErrorBudget;
import dev.guard.plan.Plan;
import dev.guard.plan.PlannedStep;
import dev.guard.runbook.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Plans whose one step is fanned out over an account set, as the contract's fan-out model says:
 * one PlannedStep per member, consecutive, sharing one {@link AccountSet}, each step id an
 * {@link AccountSet#instanceId}. (The planner's own fan-out is sibling work; the run side is
 * tested against the model.)
 */
final class SetPlans {
    private SetPlans() {}

    static Plan fanOut(
            Plan single, List<Account> accounts, int maxConcurrency, ErrorBudget maxErrors, OptionalInt maxTotal) {
        return plan(single, fanOut(single.steps().get(0), accounts, maxConcurrency, maxErrors, maxTotal));
    }

    /** Every step of the plan across the same accounts, each step a set of its own, in step order. */
    static Plan fanOutEach(Plan plan, List<Account> accounts, int maxConcurrency, ErrorBudget maxErrors) {
        List<PlannedStep> steps = new ArrayList<>();
        plan.steps().forEach(s -> steps.addAll(fanOut(s, accounts, maxConcurrency, maxErrors, OptionalInt.empty())));
        return plan(plan, steps);
    }

    private static List<PlannedStep> fanOut(
            PlannedStep base, List<Account> accounts, int maxConcurrency, ErrorBudget maxErrors, OptionalInt maxTotal) {
        List<AccountSet.Member> members = accounts.stream()
                .map(a -> new AccountSet.Member(a, base.region(), "test", Optional.empty()))
                .toList();
        AccountSet set = new AccountSet(
                base.step().id(), members, List.of("test accounts"), maxConcurrency, maxErrors, maxTotal);
        List<PlannedStep> steps = new ArrayList<>();
        for (Account a : accounts) {
            Step s = base.step();
            Step renamed = s.withId(AccountSet.instanceId(s.id(), a, base.region(), false));
            steps.add(new PlannedStep(
                    base.number(),
                    renamed,
                    base.action(),
                    base.inputs(),
                    a,
                    base.region(),
                    base.regionSource(),
                    Optional.of("arn:aws:iam::" + a.id() + ":role/PrivilegedActionsRole"),
                    base.resourcePolicyBucket(),
                    base.confirmation(),
                    base.warnings(),
                    Optional.of(set)));
        }
        return steps;
    }

    private static Plan plan(Plan single, List<PlannedStep> steps) {
        return new Plan(
                single.runbook(),
                single.shownAs(),
                single.parameters(),
                single.missingParameters(),
                steps,
                single.credentials(),
                single.mfaDevice(),
                single.warnings());
    }
}
