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
 * @param set the account set this step is one member of, when its target is a set; its {@code
 *     step().id()} is then {@link AccountSet#instanceId}
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
        List<String> warnings,
        Optional<AccountSet> set) {
    public PlannedStep {
        warnings = List.copyOf(warnings);
        java.util.Objects.requireNonNull(set, "set");
    }

    /** A step in one account and region, not part of a set. */
    public PlannedStep(
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
        this(
                number,
                step,
                action,
                inputs,
                account,
                region,
                regionSource,
                roleArn,
                resourcePolicyBucket,
                confirmation,
                warnings,
                Optional.empty());
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
