package dev.guard.run;

import dev.guard.auth.StepCredentials;
import dev.guard.auth.Strategy;
import dev.guard.credentials.CredentialBroker;
import dev.guard.plan.Plan;
import dev.guard.plan.PlannedStep;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The credentials of account-set members: their roles, chained from the one MFA session, are
 * assumed by the workers when each member starts (a few at once, under the STS rate limit), not
 * 200 one after another before the first target is read; a role one account refuses fails that
 * member only. Shown as one line for the set, not one per account.
 */
final class SetSessions {
    private SetSessions() {}

    /** The roles only set members use, chained from the MFA session: assumed when first used. */
    static Set<String> deferred(Plan plan) {
        Set<String> members = new HashSet<>();
        Set<String> others = new HashSet<>();
        for (PlannedStep s : plan.steps()) {
            (s.set().isPresent() ? members : others).add(s.step().id());
        }
        Set<String> roles = new TreeSet<>();
        Set<String> shared = new HashSet<>();
        for (StepCredentials c : plan.credentials().steps()) {
            if (c.roleArn().isEmpty()) {
                continue;
            }
            if (members.contains(c.stepId()) && c.strategy() == Strategy.SESSION_TOKEN_THEN_ASSUME_ROLE) {
                roles.add(c.roleArn().get());
            } else if (others.contains(c.stepId())) {
                shared.add(c.roleArn().get()); // its refusal must still stop the run before any target is read
            }
        }
        roles.removeAll(shared);
        return roles;
    }

    static boolean isDeferred(CredentialBroker.StepSession session, Set<String> deferred) {
        return deferred.stream().anyMatch(arn -> session.how().startsWith("AssumeRole " + arn + " "));
    }

    /** "Credentials: AssumeRole PrivilegedActionsRole in 200 accounts using your MFA session (…)". */
    static Optional<String> line(Set<String> deferred) {
        if (deferred.isEmpty()) {
            return Optional.empty();
        }
        Set<String> names = new TreeSet<>();
        Set<String> accounts = new TreeSet<>();
        for (String arn : deferred) {
            // arn:aws:iam::222222222222:role/path/Name
            List<String> parts = List.of(arn.split(":", 6));
            accounts.add(parts.size() > 4 ? parts.get(4) : arn);
            String resource = parts.get(parts.size() - 1);
            names.add(resource.substring(resource.lastIndexOf('/') + 1));
        }
        int n = accounts.size();
        return Optional.of("Credentials: AssumeRole " + String.join(", ", names) + " in " + n + " account"
                + (n == 1 ? "" : "s") + " using your MFA session (each assumed as its account starts, renewed each"
                + " hour without a code)");
    }
}
