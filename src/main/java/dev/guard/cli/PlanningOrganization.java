package dev.guard.cli;

import dev.guard.plan.Organization;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * AWS Organizations for a plan, reached only when a runbook's account set selects from it: the
 * connection (a sandbox started for the command, or AWS) is opened then, not for every plan, and
 * the run that follows uses that same connection.
 */
final class PlanningOrganization implements Organization {
    private final Supplier<Organization> open;
    private Organization reader;

    PlanningOrganization(Supplier<Organization> open) {
        this.open = open;
    }

    private Organization reader() {
        if (reader == null) {
            reader = open.get();
        }
        return reader;
    }

    @Override
    public List<MemberAccount> accounts(Optional<String> parent) {
        return reader().accounts(parent);
    }

    @Override
    public Map<String, String> tags(String accountId) {
        return reader().tags(accountId);
    }
}
