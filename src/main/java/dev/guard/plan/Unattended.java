package dev.guard.plan;

import dev.guard.error.ExitCode;
import dev.guard.error.GuardException;
import dev.guard.runbook.Confirm;

/**
 * Whether a plan may run with no one to ask: {@code --yes} only for a runbook that says {@code
 * unattended: true}, and never for a protected account. Decided from the plan alone, so a run
 * without a terminal is refused before any AWS call or MFA code; here, with the plan it reads.
 */
public final class Unattended {
    private Unattended() {}

    /** {@code --yes} is for runbooks written to run unattended; any other needs its confirmation. */
    public static void allowYes(Plan plan) {
        if (!plan.runbook().unattended()) {
            throw GuardException.invalid("--yes is refused: runbook "
                    + plan.runbook().name() + " does not say unattended: true, so it needs a confirmation");
        }
    }

    /**
     * Without a terminal, a step that needs confirmation can only go ahead with {@code yes}
     * (unattended runbooks, unprotected accounts).
     */
    public static void refuseUnconfirmable(Plan plan, boolean yes) {
        for (PlannedStep step : plan.steps()) {
            if (step.confirm() == Confirm.NONE) {
                continue;
            }
            if (step.account().protectedAccount()) {
                throw new GuardException(
                        ExitCode.ABORTED,
                        "step " + step.step().id() + " acts in "
                                + step.account().label() + ", a protected account,"
                                + " which always needs a typed confirmation on a terminal; nothing was done");
            }
            if (!yes) {
                throw new GuardException(
                        ExitCode.ABORTED,
                        "step " + step.step().id() + " needs a confirmation ("
                                + step.confirm().yaml()
                                + ") and there is no terminal to ask on; run it on a terminal, or pass --yes if the"
                                + " runbook says unattended: true. Nothing was done");
            }
        }
    }
}
