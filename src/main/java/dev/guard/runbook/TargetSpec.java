package dev.guard.runbook;

import dev.guard.yaml.Scalar;
import java.util.Optional;

/**
 * Where a step acts: an account (alias or id), a region, and the role to assume there. Each part
 * is optional at step level, where it overrides the runbook's {@code target}.
 */
public record TargetSpec(Optional<Scalar> account, Optional<Scalar> region, Optional<Scalar> role) {
    public static final TargetSpec EMPTY = new TargetSpec(Optional.empty(), Optional.empty(), Optional.empty());

    /** This step-level spec with the runbook-level one filling the gaps. */
    public TargetSpec over(TargetSpec base) {
        return new TargetSpec(account.or(base::account), region.or(base::region), role.or(base::role));
    }
}
