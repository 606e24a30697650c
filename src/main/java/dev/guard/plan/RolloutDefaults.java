package dev.guard.plan;

/**
 * How a step rolls out across an account set when its runbook does not say: the defaults the plan
 * puts in {@link AccountSet} (owned by the run side, which lives by them).
 */
public final class RolloutDefaults {
    /**
     * Members run at once when the runbook sets no {@code maxConcurrency}. AWS throttles EC2 per
     * account and Region (token buckets: non-mutating calls 100 tokens refilled at 20/s, mutating 200
     * at 5/s — "Request throttling for the Amazon EC2 API"), so members in different accounts never
     * share a bucket; what the bound limits is the caller's side: the chained AssumeRoles all count
     * against the caller's own account's STS request rate, the machine's two or four cores, and how
     * many accounts a mistake reaches before the error budget stops new starts. 10 keeps 200 accounts
     * to 20 rounds, one AssumeRole each, under the run's STS rate, with at most 10 accounts under
     * way when the first failure stops new starts.
     */
    public static final int MAX_CONCURRENCY = 10;

    /** The error budget when the runbook sets no {@code maxErrors}: the first failed member stops new starts. */
    public static final ErrorBudget MAX_ERRORS = ErrorBudget.NONE_ALLOWED;

    private RolloutDefaults() {}
}
