package dev.guard.apply;

import dev.guard.plan.Plan;
import dev.guard.saved.SavedPlan;
import java.util.List;

/**
 * Where approvals plug into {@code guard apply}: who approved this exact plan (its digest), as the
 * approvals store proves it. A non-empty answer stands in for every step's confirmation — typed at
 * approval time, on a terminal, with MFA — and is the only way a protected account runs without a
 * terminal.
 */
public interface ApprovalGate {
    /**
     * The distinct approvers of the plan; empty when its runbook requires none (the apply then
     * confirms as {@code run} does).
     *
     * @throws dev.guard.error.GuardException exit 9 when the runbook requires approvals the plan
     *     does not have, or the store cannot be read
     */
    List<String> approvers(SavedPlan saved, Plan plan);

    /** No approvals store: every apply confirms as {@code run} does. */
    ApprovalGate NONE = (saved, plan) -> List.of();
}
