package dev.guard.approval;

import dev.guard.config.ApprovalsStore;
import dev.guard.runbook.ApprovalPolicy;
import dev.guard.runbook.Arn;
import dev.guard.saved.SavedPlan;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which approval objects count for a plan, and why the others do not: pure, so every rule is tested
 * without S3.
 *
 * <p>The proof of who approved is the object's <em>key</em>: the approvals bucket's policy lets an
 * IAM user write (with MFA, within 5 minutes of the code) only under {@code
 * PREFIX/${aws:username}/}, so an object at {@code PREFIX/carol/<digest>.json} can only have been
 * written by carol. Its body is carol's own statement and is checked against the key and the plan,
 * never trusted instead of them. A key nested deeper ({@code PREFIX/carol/x/<digest>.json}) is not
 * counted: the user segment must be exactly one path segment.
 */
public final class ApprovalRules {
    /**
     * An object found under the prefix whose name is the plan's digest.
     *
     * @param written S3's LastModified: the store's own clock, not the body's claim
     * @param body its content; empty when it could not be read ({@code readError} says why)
     */
    public record Found(String key, Optional<Instant> written, Optional<byte[]> body, Optional<String> readError) {
        public static Found read(String key, Instant written, byte[] body) {
            return new Found(key, Optional.of(written), Optional.of(body), Optional.empty());
        }
    }

    private ApprovalRules() {}

    /** The 64 hex digits of a plan digest ({@code sha256:} removed): the object's file name. */
    public static String hex(String digest) {
        return digest.startsWith("sha256:") ? digest.substring("sha256:".length()) : digest;
    }

    /** {@code PREFIX/<user>/<digest hex>.json}: where {@code user}'s approval of this digest is. */
    public static String key(ApprovalsStore store, String user, String digest) {
        return store.userPrefix(user) + hex(digest) + ".json";
    }

    /** Every found object, judged. */
    public static Tally tally(
            SavedPlan plan, ApprovalPolicy policy, ApprovalsStore store, List<Found> found, Instant now) {
        List<Tally.Counted> counted = new ArrayList<>();
        for (Found f : found) {
            counted.add(judge(plan, policy, store, f, now));
        }
        return new Tally(policy, counted);
    }

    static Tally.Counted judge(SavedPlan plan, ApprovalPolicy policy, ApprovalsStore store, Found f, Instant now) {
        String user = userSegment(store, f.key()).orElse("");
        Optional<Approval> approval = Optional.empty();
        String why;
        try {
            why = problem(plan, policy, store, f, user, now);
        } catch (IllegalArgumentException e) {
            why = "its body is not an approval: " + e.getMessage();
        }
        if (f.body().isPresent()) {
            try {
                approval = Optional.of(Approval.parse(f.body().get()));
            } catch (IllegalArgumentException e) {
                // already the reason above
            }
        }
        return new Tally.Counted(
                f.key(), user, approval.map(Approval::approver), f.written(), Optional.ofNullable(why));
    }

    /** Why the object does not count, or null when it does. */
    private static String problem(
            SavedPlan plan, ApprovalPolicy policy, ApprovalsStore store, Found f, String user, Instant now) {
        if (user.isEmpty() || !f.key().equals(key(store, user, plan.digest()))) {
            return "not at " + store.prefix() + "/<user>/" + hex(plan.digest())
                    + ".json (a key nested deeper or named otherwise proves nothing)";
        }
        if (f.body().isEmpty()) {
            return "could not be read: " + f.readError().orElse("no body");
        }
        Approval a = Approval.parse(f.body().get());
        if (!a.digest().equals(plan.digest())) {
            return "its body names another plan digest (" + a.digest() + ")";
        }
        if (!a.planId().equals(plan.id())) {
            return "its body names another plan id (" + a.planId() + ")";
        }
        Optional<Arn> approver = Arn.user(a.approver());
        if (approver.isEmpty()) {
            return "its approver " + a.approver() + " is not an IAM user ARN";
        }
        if (!approver.get().resourceName().equals(user)) {
            return "written under " + user + "/ but names " + approver.get().resourceName()
                    + " as approver: the key, which only " + user + " can write, is what counts";
        }
        if (!approver.get().account().equals(store.accountId())) {
            return "its approver is in account " + approver.get().account() + ", not the approvals store's "
                    + store.accountId();
        }
        if (!policy.allows(approver.get())) {
            return user + " is not one of the runbook's approvers (" + String.join(", ", policy.approvers()) + ")";
        }
        if (!policy.selfApproval() && isPlanner(plan, approver.get())) {
            return user + " made the plan, and the runbook does not allow self-approval";
        }
        if (!now.isBefore(plan.expiresAt())) {
            return "the plan expired at " + plan.expiresAt();
        }
        if (f.written().isPresent() && !f.written().get().isBefore(plan.expiresAt())) {
            return "written after the plan expired";
        }
        return null;
    }

    /** Whether {@code user} is the IAM user who made the plan (same partition, account and name). */
    public static boolean isPlanner(SavedPlan plan, Arn user) {
        return Arn.user(plan.planner())
                .filter(p -> p.partition().equals(user.partition())
                        && p.account().equals(user.account())
                        && p.resourceName().equals(user.resourceName()))
                .isPresent();
    }

    /** The segment after the prefix, when the key is {@code PREFIX/<segment>/<name>} and the segment an IAM user name. */
    static Optional<String> userSegment(ApprovalsStore store, String key) {
        String head = store.prefix() + "/";
        if (!key.startsWith(head)) {
            return Optional.empty();
        }
        String rest = key.substring(head.length());
        int slash = rest.indexOf('/');
        if (slash <= 0 || rest.indexOf('/', slash + 1) >= 0) {
            return Optional.empty();
        }
        String user = rest.substring(0, slash);
        return ApprovalPolicy.USER_NAME.matcher(user).matches() ? Optional.of(user) : Optional.empty();
    }
}
