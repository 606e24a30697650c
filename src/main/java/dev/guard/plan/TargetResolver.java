package dev.guard.plan;

import dev.guard.action.Action;
import dev.guard.action.InBucket;
import dev.guard.action.StepInputs;
import dev.guard.config.Account;
import dev.guard.config.BucketAccess;
import dev.guard.config.Environment;
import dev.guard.config.GuardConfig;
import dev.guard.runbook.AwsIdentifiers;
import dev.guard.runbook.AwsRegions;
import dev.guard.runbook.Confirm;
import dev.guard.runbook.Step;
import dev.guard.runbook.TargetSpec;
import dev.guard.yaml.Fields;
import dev.guard.yaml.Position;
import dev.guard.yaml.Problems;
import dev.guard.yaml.Scalar;
import dev.guard.yaml.Templates;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where one step acts, decided offline with the parameter values known: its account, region and
 * role, and the {@link PlannedStep} for one account and region (a step in one account, or one
 * member of a set). Problems point at the line that wrote, or used the parameter for, the value.
 *
 * <p>Plain control flow rather than {@code Optional} chains: every validate runs this, and on JDK
 * 17 each lambda call site costs ~60 µs to link the first time.
 */
final class TargetResolver {
    /** A region and where it came from, which the plan shows. */
    record Region(String name, String source) {}

    private final GuardConfig config;
    private final Environment env;
    private final Map<String, String> values;
    private final Problems problems;

    TargetResolver(GuardConfig config, Environment env, Map<String, String> values, Problems problems) {
        this.config = config;
        this.env = env;
        this.values = values;
        this.problems = problems;
    }

    Optional<Account> account(TargetSpec target, Step step, String where) {
        if (target.account().isEmpty()) {
            problems.add(step.position(), where + ": no target account");
            return Optional.empty();
        }
        Scalar s = Templates.substitute(target.account().get(), values);
        if (unresolved(s, "target.account")) {
            return Optional.empty();
        }
        Optional<String> shape = AwsIdentifiers.accountIdOrAlias(s.text());
        if (shape.isPresent()) {
            problems.add(s.position(), "target.account: " + shape.get() + Fields.origin(s));
            return Optional.empty();
        }
        Optional<Account> account = config.account(s.text());
        if (account.isEmpty()) {
            problems.add(
                    s.position(),
                    "target.account: unknown account alias '" + s.text() + "'" + Fields.origin(s)
                            + "; use a 12-digit id or define it under accounts in the config");
        }
        return account;
    }

    /** Where a step acts cannot be previewed with a placeholder: credentials depend on it. */
    boolean unresolved(Scalar s, String field) {
        if (!Templates.isTemplated(s)) {
            return false;
        }
        problems.add(
                s.position(), field + ": '" + s.text() + "' needs a parameter that was not given; pass -p NAME=VALUE");
        return true;
    }

    /** The region: runbook or step target, else config defaults.region, else AWS_REGION. */
    Optional<Region> region(TargetSpec target, String where) {
        if (target.region().isPresent()) {
            return written(target.region().get(), "target.region");
        }
        Optional<Region> fallback = fallbackRegion();
        if (fallback.isEmpty()) {
            problems.add(
                    Position.START,
                    where + ": no region: set target.region, defaults.region in the config, or" + " AWS_REGION");
            return fallback;
        }
        Optional<String> why = AwsIdentifiers.region(fallback.get().name());
        if (why.isPresent()) {
            problems.add(
                    Position.START, where + ": region from " + fallback.get().source() + ": " + why.get());
            return Optional.empty();
        }
        return fallback;
    }

    /** Config defaults.region, else AWS_REGION, else AWS_DEFAULT_REGION. */
    private Optional<Region> fallbackRegion() {
        if (config.defaultRegion().isPresent()) {
            return Optional.of(new Region(config.defaultRegion().get(), "config defaults.region"));
        }
        for (String variable : new String[] {"AWS_REGION", "AWS_DEFAULT_REGION"}) {
            Optional<String> value = env.get(variable);
            if (value.isPresent()) {
                return Optional.of(new Region(value.get(), variable));
            }
        }
        return Optional.empty();
    }

    /** A region the runbook writes ({@code region:} or an item of {@code regions:}). */
    Optional<Region> written(Scalar written, String field) {
        Scalar s = Templates.substitute(written, values);
        if (unresolved(s, field)) {
            return Optional.empty();
        }
        Optional<String> shape = AwsIdentifiers.region(s.text());
        if (shape.isPresent()) {
            problems.add(s.position(), field + ": " + shape.get() + Fields.origin(s));
            return Optional.empty();
        }
        return Optional.of(new Region(s.text(), "runbook"));
    }

    Optional<String> role(TargetSpec target, Account account) {
        if (target.role().isPresent()) {
            Scalar s = Templates.substitute(target.role().get(), values);
            if (unresolved(s, "target.role")) {
                return Optional.empty();
            }
            Optional<String> shape = AwsIdentifiers.role(s.text());
            if (shape.isPresent()) {
                problems.add(s.position(), "target.role: " + shape.get() + Fields.origin(s));
                return Optional.empty();
            }
            Optional<String> arnAccount = AwsIdentifiers.roleArnAccount(s.text());
            if (arnAccount.isPresent() && !arnAccount.get().equals(account.id())) {
                problems.add(
                        s.position(),
                        "target.role: the role is in account " + arnAccount.get() + ", not in " + account.label());
                return Optional.empty();
            }
            return Optional.of(AwsIdentifiers.roleArn(account.id(), s.text()));
        }
        // defaults.role is for the accounts you reach through a role. In your own account an
        // MFA-conditioned API is reached as yourself (GetSessionToken), unless a role is named.
        Optional<String> home = config.identity().accountId();
        if (account.role().isPresent()) {
            return Optional.of(
                    AwsIdentifiers.roleArn(account.id(), account.role().get()));
        }
        if ((home.isPresent() && account.id().equals(home.get()))
                || config.defaultRole().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(
                AwsIdentifiers.roleArn(account.id(), config.defaultRole().get()));
    }

    /** The step in one account and region; {@code step} is the runbook's, or a set member's copy. */
    PlannedStep planned(
            int index,
            Step step,
            TargetSpec target,
            Action action,
            StepInputs inputs,
            Account account,
            Region region,
            Optional<AccountSet> set) {
        Optional<String> role = role(target, account);
        List<String> warnings = new ArrayList<>(action.warnings(inputs));
        Optional<String> regionWarning = AwsRegions.warning(region.name());
        if (regionWarning.isPresent()) {
            warnings.add(regionWarning.get());
        }
        if (account.protectedAccount()) {
            warnings.add(account.label() + " is a protected account: typed confirmation on a terminal is always"
                    + " required");
        }
        if (PlanBuilder.isProduction(account.alias()) && !account.protectedAccount()) {
            warnings.add("acts in a production account: " + account.label());
        }
        return new PlannedStep(
                index + 1,
                step,
                action,
                inputs,
                account,
                region.name(),
                region.source(),
                role,
                policyBucket(inputs),
                confirmation(step, inputs, account),
                warnings,
                set);
    }

    /** The bucket a step acts in, when config says its bucket policy (not a role) grants access. */
    private Optional<String> policyBucket(StepInputs inputs) {
        if (!(inputs instanceof InBucket inBucket)) {
            return Optional.empty();
        }
        Optional<BucketAccess> access = config.bucket(inBucket.bucket());
        if (access.isEmpty() || access.get().kind() != BucketAccess.Kind.RESOURCE_POLICY) {
            return Optional.empty();
        }
        return Optional.of(access.get().bucket());
    }

    private static String confirmation(Step step, StepInputs inputs, Account account) {
        String word = inputs.confirmationName().orElse(account.alias());
        if (account.protectedAccount() || step.confirm() == Confirm.TYPED) {
            String why = account.protectedAccount() && step.confirm() != Confirm.TYPED
                    ? " (protected account: always typed, on a terminal)"
                    : "";
            return "typed: type '" + word + "' to proceed" + why;
        }
        return step.confirm() == Confirm.YES ? "yes: answer y/N" : "none";
    }
}
