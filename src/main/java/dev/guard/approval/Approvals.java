package dev.guard.approval;

import dev.guard.error.ExitCode;
import dev.guard.error.GuardException;
import dev.guard.runbook.ApprovalPolicy;
import dev.guard.saved.SavedPlan;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * What {@code guard apply} asks before it executes a saved plan whose runbook declares {@code
 * approval:}: are there enough distinct, valid approvals of exactly this plan's digest?
 *
 * <p>Who approved is proven by where each approval is, not by what it says: the approvals bucket's
 * policy lets an IAM user write, with a fresh MFA code, only under {@code PREFIX/${aws:username}/},
 * so {@code PREFIX/carol/<digest>.json} was written by carol with MFA. The reader (the runner)
 * needs only read access; it cannot make an approval count by writing one.
 */
public final class Approvals {
    /**
     * Enough approvals.
     *
     * @param approvers the distinct IAM user names whose approvals count, sorted
     */
    public record Verified(List<String> approvers, Tally tally) {}

    private Approvals() {}

    /**
     * Reads the store as {@code reader} and verifies.
     *
     * @param policy the runbook's {@code approval:} as apply loaded it (its file unchanged since the plan)
     * @throws GuardException exit 9 listing what is missing and why each other approval does not
     *     count; exit 8 when the plan expired or its saved policy disagrees with the runbook's; exit 4
     *     or 1 when the store cannot be read
     */
    public static Verified verify(
            SavedPlan plan, ApprovalPolicy policy, ApprovalBucket bucket, AwsCredentialsProvider reader, Instant now) {
        expiredOrInconsistent(plan, policy, now);
        return verify(
                plan,
                policy,
                ApprovalRules.tally(plan, policy, bucket.store(), bucket.find(reader, plan.digest()), now));
    }

    /**
     * What {@code guard apply} calls (its {@code ApprovalGate}): the distinct approvers of the plan, or
     * none needed.
     *
     * @param policy the runbook's {@code approval:} as apply loaded it; empty when it declares none
     * @param store the config's {@code approvals:}
     * @param reader credentials that may list and read the store (the runner's own identity, or the
     *     operator's base credentials); they never need to write
     * @return the distinct approvers; empty when the runbook requires none
     * @throws GuardException exit 9 when approvals are required and missing (or no store is
     *     configured), 8 as {@link #verify(SavedPlan, ApprovalPolicy, ApprovalBucket,
     *     AwsCredentialsProvider, Instant)}
     */
    public static List<String> approversWith(
            SavedPlan plan,
            Optional<ApprovalPolicy> policy,
            Optional<dev.guard.config.ApprovalsStore> store,
            dev.guard.aws.AwsClients clients,
            dev.guard.aws.Calls calls,
            AwsCredentialsProvider reader,
            Instant now) {
        if (policy.isEmpty()) {
            if (saved(plan).isPresent()) {
                throw new GuardException(
                        ExitCode.PLAN_REFUSED,
                        "plan " + plan.id() + " says it needs approvals, but its runbook declares none; make a new"
                                + " plan. Nothing was changed");
            }
            return List.of();
        }
        if (store.isEmpty()) {
            throw new GuardException(
                    ExitCode.NOT_APPROVED,
                    "the runbook " + policy.get().describe() + ", but no approvals store is configured (approvals:"
                            + " in the config; docs/approvals.md). Nothing was changed");
        }
        return verify(plan, policy.get(), new ApprovalBucket(clients, calls, store.get()), reader, now)
                .approvers();
    }

    /**
     * {@link #approversWith(SavedPlan, Optional, Optional, dev.guard.aws.AwsClients, dev.guard.aws.Calls,
     * AwsCredentialsProvider, Instant)} reading as {@code connection}'s base credentials (its endpoint
     * too): what {@code cli} calls, since it never touches an SDK type. Opens no client when the runbook
     * needs no approvals.
     *
     * @param warn where the retry layer reports retries
     */
    public static List<String> approvers(
            SavedPlan plan,
            Optional<ApprovalPolicy> policy,
            Optional<dev.guard.config.ApprovalsStore> store,
            dev.guard.credentials.Connection connection,
            dev.guard.config.Environment env,
            java.util.function.Consumer<String> warn,
            Instant now) {
        if (policy.isEmpty() || store.isEmpty()) {
            return approversWith(plan, policy, store, null, null, connection.base(), now);
        }
        try (dev.guard.aws.AwsClients clients = new dev.guard.aws.AwsClients(
                connection.endpoint(),
                dev.guard.aws.AwsClients.attemptTimeout(env.get(dev.guard.aws.AwsClients.ATTEMPT_TIMEOUT_VARIABLE)))) {
            return approversWith(
                    plan, policy, store, clients, dev.guard.aws.Calls.standard(warn), connection.base(), now);
        }
    }

    /** The same, over approvals already read (for tests and for a caller that listed them). */
    public static Verified verify(SavedPlan plan, ApprovalPolicy policy, Tally tally) {
        if (tally.enough()) {
            return new Verified(tally.validUsers(), tally);
        }
        List<String> lines = new ArrayList<>();
        int missing = policy.required() - tally.validUsers().size();
        lines.add("plan " + plan.id() + " is not approved: it " + policy.describe() + ", and has " + tally.summary()
                + "; " + missing + " more needed. Nothing was changed");
        for (Tally.Counted c : tally.counted()) {
            c.invalid().ifPresent(why -> lines.add("  not counted: " + c.key() + ": " + why));
        }
        lines.add("  an approver runs: guard approve PLAN_FILE (on a terminal, with their MFA device)");
        throw new GuardException(ExitCode.NOT_APPROVED, lines);
    }

    /**
     * An expired plan is refused whatever its approvals; a saved policy that is not the runbook's
     * means the plan was resealed by hand (the runbook's own file is unchanged, apply checked it).
     */
    static void expiredOrInconsistent(SavedPlan plan, ApprovalPolicy policy, Instant now) {
        if (!now.isBefore(plan.expiresAt())) {
            throw new GuardException(
                    ExitCode.PLAN_REFUSED,
                    "plan " + plan.id() + " expired at " + plan.expiresAt() + "; approvals never revive an expired"
                            + " plan: make a new one with guard plan --live -o. Nothing was changed");
        }
        Optional<ApprovalPolicy> saved = saved(plan);
        if (saved.isPresent() && !saved.get().equals(policy)) {
            throw new GuardException(
                    ExitCode.PLAN_REFUSED,
                    "plan " + plan.id() + " says it " + saved.get().describe() + ", but its runbook "
                            + policy.describe() + "; make a new plan. Nothing was changed");
        }
    }

    /**
     * The policy the plan's body carries ({@code approval}), if any.
     *
     * @throws GuardException exit 8 when it is malformed
     */
    public static Optional<ApprovalPolicy> saved(SavedPlan plan) {
        Object value = plan.document().get("approval");
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(ApprovalPolicy.fromJson(value));
        } catch (IllegalArgumentException e) {
            throw new GuardException(
                    ExitCode.PLAN_REFUSED, "the saved plan's " + e.getMessage() + "; make a new plan with guard plan");
        }
    }
}
