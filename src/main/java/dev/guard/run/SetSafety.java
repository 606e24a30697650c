package dev.guard.run;

import dev.guard.error.ExitCode;
import dev.guard.error.GuardException;
import dev.guard.plan.PlannedStep;
import java.util.List;

/**
 * Protected accounts in an account set: a set reaches many accounts at once, and one typed word
 * for all of them is not the care a protected account asks. They change only in an approved
 * saved plan (each approver confirmed with MFA at approval time); a dry run or a live plan may
 * read them. Refused before any AWS call, so before the MFA prompt.
 */
final class SetSafety {
    private SetSafety() {}

    static void refuseProtectedMembers(RunRequest request) {
        if (request.mode() != Executor.Mode.EXECUTE) {
            return;
        }
        boolean approved = !request.saved().approvers().isEmpty()
                || request.runner().map(RunRequest.Runner::approved).orElse(false);
        if (approved) {
            return;
        }
        List<PlannedStep> protectedMembers = request.plan().steps().stream()
                .filter(s -> s.set().isPresent() && s.account().protectedAccount())
                .toList();
        if (protectedMembers.isEmpty()) {
            return;
        }
        PlannedStep first = protectedMembers.get(0);
        String accounts = String.join(
                ", ",
                protectedMembers.stream()
                        .map(s -> s.account().alias())
                        .distinct()
                        .toList());
        throw new GuardException(
                ExitCode.ABORTED,
                "step " + first.set().orElseThrow().stepId() + ": the account set reaches protected account"
                        + (accounts.contains(",") ? "s " : " ") + accounts
                        + ", which a set changes only in an approved plan: save the plan (guard plan -o FILE),"
                        + " have it approved with guard approve, then guard apply FILE"
                        + (request.plan().runbook().approval().isEmpty()
                                ? " (guard approve needs an approval: section in the runbook, e.g. approval:"
                                        + " {required: 1})"
                                : "")
                        + ". Nothing was done.");
    }
}
