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
        Optional<Region> fallback = config.defaultRegion()
                .map(r -> new Region(r, "config defaults.region"))
                .or(() -> env.get("AWS_REGION").map(r -> new Region(r, "AWS_REGION")))
                .or(() -> env.get("AWS_DEFAULT_REGION").map(r -> new Region(r, "AWS_DEFAULT_REGION")));
        if (fallback.isEmpty()) {
            problems.add(
                    Position.START,
                    where + ": no region: set target.region, defaults.region in the config, or" + " AWS_REGION");
        }
        fallback.flatMap(r -> AwsIdentifiers.region(r.name()))
                .ifPresent(why -> problems.add(
                        Position.START,
                        where + ": region from " + fallback.get().source() + ": " + why));
        return fallback.filter(r -> AwsIdentifiers.region(r.name()).isEmpty());
    }

    /** A region the runbook writes ({@code region:} or an item of {@code regions:}). */
    Optional<Region> written(Scalar written, String field) {
        Scalar s = Templates.substitute(written, values);
        if (unresolved(s, field)) {
            return Optional.empty();
        }
        Optional<String> shape = AwsIdentifiers.region(s.text());
        shape.ifPresent(why -> problems.add(s.position(), field + ": " + why + Fields.origin(s)));
        return shape.isPresent() ? Optional.empty() : Optional.of(new Region(s.text(), "runbook"));
    }

    Optional<String> role(TargetSpec target, Account account) {
        Optional<Scalar> role = target.role().map(r -> Templates.substitute(r, values));
        if (role.isPresent() && unresolved(role.get(), "target.role")) {
            return Optional.empty();
        }
        if (role.isPresent()) {
            Scalar s = role.get();
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
        boolean home =
                config.identity().accountId().filter(account.id()::equals).isPresent();
        Optional<String> fallback = home ? Optional.empty() : config.defaultRole();
        return account.role().or(() -> fallback).map(r -> AwsIdentifiers.roleArn(account.id(), r));
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
        Optional<String> bucket = Optional.of(inputs)
                .filter(InBucket.class::isInstance)
                .map(i -> ((InBucket) i).bucket())
                .flatMap(config::bucket)
                .filter(b -> b.kind() == BucketAccess.Kind.RESOURCE_POLICY)
                .map(BucketAccess::bucket);
        List<String> warnings = new ArrayList<>(action.warnings(inputs));
        AwsRegions.warning(region.name()).ifPresent(warnings::add);
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
                bucket,
                confirmation(step, inputs, account),
                warnings,
                set);
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
