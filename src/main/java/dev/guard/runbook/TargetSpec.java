package dev.guard.runbook;

import dev.guard.yaml.Scalar;
import java.util.List;
import java.util.Optional;

/**
 * Where a step acts: an account (alias or id) or an account set ({@code accounts:}), a region or
 * several ({@code regions:}), and the role to assume there. Each part is optional at step level,
 * where it overrides the runbook's {@code target}.
 *
 * <p>A step whose target has {@code accounts} or {@code regions} acts across a set: once per
 * account and region, with {@code maxConcurrency} of them at a time, and an error budget ({@code
 * maxErrors}: a count, or a percentage written {@code "10%"}) after which no new account is started
 * — AWS Systems Manager's TargetLocations model.
 *
 * @param accounts the set as written; empty when the target names one {@code account} (or none)
 * @param regions the regions as written; empty when the target names one {@code region} (or none)
 */
public record TargetSpec(
        Optional<Scalar> account,
        Optional<Scalar> region,
        Optional<Scalar> role,
        List<AccountSelector> accounts,
        List<Scalar> regions,
        Optional<Scalar> maxConcurrency,
        Optional<Scalar> maxErrors) {
    public static final TargetSpec EMPTY = new TargetSpec(Optional.empty(), Optional.empty(), Optional.empty());

    public TargetSpec {
        accounts = List.copyOf(accounts);
        regions = List.copyOf(regions);
    }

    /** One account, one region: the target every runbook had before account sets. */
    public TargetSpec(Optional<Scalar> account, Optional<Scalar> region, Optional<Scalar> role) {
        this(account, region, role, List.of(), List.of(), Optional.empty(), Optional.empty());
    }

    /**
     * This step-level spec with the runbook-level one filling the gaps. {@code account} and {@code
     * accounts} are one choice, as are {@code region} and {@code regions}: a step naming either
     * replaces both of the runbook's.
     */
    public TargetSpec over(TargetSpec base) {
        boolean ownAccounts = account.isPresent() || !accounts.isEmpty();
        boolean ownRegions = region.isPresent() || !regions.isEmpty();
        return new TargetSpec(
                ownAccounts ? account : base.account,
                ownRegions ? region : base.region,
                role.isPresent() ? role : base.role,
                ownAccounts ? accounts : base.accounts,
                ownRegions ? regions : base.regions,
                maxConcurrency.isPresent() ? maxConcurrency : base.maxConcurrency,
                maxErrors.isPresent() ? maxErrors : base.maxErrors);
    }

    /** Whether the step acts across a set of accounts and/or regions. */
    public boolean isSet() {
        return !accounts.isEmpty() || !regions.isEmpty();
    }
}
