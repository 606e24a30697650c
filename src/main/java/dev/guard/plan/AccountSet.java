package dev.guard.plan;

import dev.guard.config.Account;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A step's account set as resolved when the plan was built: every account and region it acts in,
 * where each account came from, and how the run rolls out across them. The plan holds one {@link
 * PlannedStep} per member, consecutive and in {@link #members()} order, each pointing at this same
 * set; their step ids are {@link #instanceId}s.
 *
 * @param stepId the step's id as written in the runbook
 * @param members every account × region, in the order the run starts them
 * @param sources the selectors as written, e.g. {@code dev-*}, {@code group dev}, {@code
 *     organizationalUnit ou-ab12-cdef3456 with tags env=dev}: the plan's "from" line
 * @param maxConcurrency how many members run at once
 * @param maxErrors the error budget: after it is exceeded no new member is started
 * @param maxTargetsTotal {@code guards.maxTargetsTotal}: at most this many targets over all members
 */
public record AccountSet(
        String stepId,
        List<Member> members,
        List<String> sources,
        int maxConcurrency,
        ErrorBudget maxErrors,
        OptionalInt maxTargetsTotal) {
    /**
     * One account in one region.
     *
     * @param source which selector brought the account in (the first, when several did)
     * @param name the account's name in AWS Organizations, when it came from there
     */
    public record Member(Account account, String region, String source, java.util.Optional<String> name) {
        public Member {
            Objects.requireNonNull(account, "account");
            Objects.requireNonNull(region, "region");
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(name, "name");
        }
    }

    public AccountSet {
        members = List.copyOf(members);
        sources = List.copyOf(sources);
        if (maxConcurrency < 1) {
            throw new IllegalArgumentException("maxConcurrency must be at least 1");
        }
    }

    /** The distinct accounts, in member order. */
    public List<Account> accounts() {
        // A loop, not a stream: a validate of a set calls this, and on JDK 17 each lambda call
        // site costs ~60 µs to link the first time.
        Set<Account> distinct = new LinkedHashSet<>();
        for (Member m : members) {
            distinct.add(m.account());
        }
        return List.copyOf(distinct);
    }

    /**
     * The sources on one line: the first few, then how many more (the plan's JSON and its "by
     * source" list give them all).
     */
    public String sourcesLine() {
        int shown = Math.min(sources.size(), SOURCES_SHOWN);
        String head = String.join(", ", sources.subList(0, shown));
        return sources.size() > shown ? head + ", +" + (sources.size() - shown) + " more" : head;
    }

    private static final int SOURCES_SHOWN = 4;

    /**
     * The id of the step's instance in one member: {@code terminate@development}, or {@code
     * terminate@development/eu-west-1} when the set spans several regions. A runbook's own step ids
     * cannot contain {@code @}, so these never collide with one.
     */
    public static String instanceId(String stepId, Account account, String region, boolean severalRegions) {
        return stepId + "@" + account.alias() + (severalRegions ? "/" + region : "");
    }
}
