package dev.guard.approval;

import dev.guard.runbook.ApprovalPolicy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The approvals found for one plan digest, each judged by {@link ApprovalRules}, against the
 * runbook's policy.
 */
public record Tally(ApprovalPolicy policy, List<Counted> counted) {
    /**
     * One approval object and its verdict.
     *
     * @param user the key's user segment: who wrote it (empty for a key not of the form)
     * @param approver the approver ARN its body names, if it could be read
     * @param written when the store wrote it (LastModified)
     * @param invalid why it does not count; empty when it does
     */
    public record Counted(
            String key, String user, Optional<String> approver, Optional<Instant> written, Optional<String> invalid) {
        public boolean valid() {
            return invalid.isEmpty();
        }
    }

    public Tally {
        counted = List.copyOf(counted);
    }

    /** The distinct IAM user names whose approvals count, sorted. */
    public List<String> validUsers() {
        TreeSet<String> users = new TreeSet<>();
        counted.stream().filter(Counted::valid).forEach(c -> users.add(c.user()));
        return new ArrayList<>(users);
    }

    public boolean enough() {
        return validUsers().size() >= policy.required();
    }

    /** "1 of 2 required approvals (carol)" */
    public String summary() {
        List<String> users = validUsers();
        return users.size() + " of " + policy.required() + " required approval" + (policy.required() == 1 ? "" : "s")
                + (users.isEmpty() ? "" : " (" + String.join(", ", users) + ")");
    }
}
