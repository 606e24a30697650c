package dev.guard.plan;

import dev.guard.action.Action;
import dev.guard.action.StepInputs;
import dev.guard.config.Account;
import dev.guard.runbook.Confirm;
import dev.guard.runbook.Step;
import java.util.List;
import java.util.Optional;

/**
 * A step with everything resolved that can be resolved offline: parameters substituted, the
 * account, region and role decided, inputs checked, the confirmation it will ask for.
 *
 * @param regionSource where the region came from (runbook, config, AWS_REGION), shown in the plan
 * @param confirmation what the operator will be asked, in words
 */
public record PlannedStep(
        int number,
        Step step,
        Action action,
        StepInputs inputs,
        Account account,
        String region,
        String regionSource,
        Optional<String> roleArn,
        Optional<String> resourcePolicyBucket,
        String confirmation,
        List<String> warnings) {
    public PlannedStep {
        warnings = List.copyOf(warnings);
    }

    /** The confirmation actually asked: a protected account makes any step typed. */
    public Confirm confirm() {
        return account.protectedAccount() ? Confirm.TYPED : step.confirm();
    }

    /** What a typed confirmation wants: the resource's name when the step names one, else the account alias. */
    public String confirmWord() {
        return inputs.confirmationName().orElse(account.alias());
    }
}
