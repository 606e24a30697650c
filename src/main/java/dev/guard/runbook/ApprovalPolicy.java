package dev.guard.runbook;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A runbook's {@code approval:} block (DESIGN.md §7.2): how many distinct people must approve a saved
 * plan before {@code guard apply} executes it, who may, and whether the planner may be one of them.
 *
 * @param required distinct approvers needed, 1..{@value #MAX_REQUIRED}
 * @param approvers IAM user ARNs or IAM user names; empty means any IAM user who can write to the
 *     approvals store
 * @param selfApproval whether the planner's own approval counts (the two-person rule when false)
 */
public record ApprovalPolicy(int required, List<String> approvers, boolean selfApproval) {
    public static final int MAX_REQUIRED = 10;

    /** An IAM user name, as {@code aws:username} carries it. */
    public static final Pattern USER_NAME = Pattern.compile("[\\w+=,.@-]{1,64}");

    public ApprovalPolicy {
        approvers = List.copyOf(approvers);
    }

    /** Why {@code entry} is not an approver entry (an IAM user ARN or user name), if it is not one. */
    public static Optional<String> problemWith(String entry) {
        if (entry.startsWith("arn:")) {
            return Arn.user(entry).isPresent()
                    ? Optional.empty()
                    : Optional.of("'" + entry + "' is not an IAM user ARN (arn:aws:iam::ACCOUNT:user/NAME)");
        }
        return USER_NAME.matcher(entry).matches()
                ? Optional.empty()
                : Optional.of("'" + entry + "' is not an IAM user name or user ARN (approvals are made by IAM"
                        + " users: letters, digits and +=,.@_-, at most 64)");
    }

    /**
     * Whether the IAM user {@code user} may approve: any user when no approvers are named; else one
     * named by name, or by ARN (same partition, account and name; the path does not matter, a name is
     * unique in its account).
     */
    public boolean allows(Arn user) {
        if (approvers.isEmpty()) {
            return true;
        }
        for (String entry : approvers) {
            Optional<Arn> named = Arn.user(entry);
            boolean match = named.isPresent()
                    ? named.get().partition().equals(user.partition())
                            && named.get().account().equals(user.account())
                            && named.get().resourceName().equals(user.resourceName())
                    : entry.equals(user.resourceName());
            if (match) {
                return true;
            }
        }
        return false;
    }

    /** "needs 2 approvals from carol, dave; the planner may not approve" */
    public String describe() {
        String from = approvers.isEmpty()
                ? " from any IAM user who can write to the approvals store"
                : " from " + String.join(", ", approvers);
        return "needs " + required + (required == 1 ? " approval" : " approvals") + from + "; the planner "
                + (selfApproval ? "may approve too" : "may not approve");
    }

    /** As a saved plan's body carries it ({@code approval}). */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("required", required);
        m.put("approvers", new ArrayList<>(approvers));
        m.put("selfApproval", selfApproval);
        return m;
    }

    /**
     * Read back from a saved plan's body (the value of its {@code approval}), as strictly as the
     * runbook's block was read.
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    public static ApprovalPolicy fromJson(Object value) {
        if (!(value instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException("approval is not an object");
        }
        if (!(m.get("required") instanceof Number n)
                || n.longValue() < 1
                || n.longValue() > MAX_REQUIRED
                || n.doubleValue() != n.longValue()) {
            throw new IllegalArgumentException("approval.required is not a whole number 1.." + MAX_REQUIRED);
        }
        List<String> approvers = new ArrayList<>();
        Object list = m.get("approvers") == null ? List.of() : m.get("approvers");
        if (!(list instanceof List<?> l)) {
            throw new IllegalArgumentException("approval.approvers is not a list");
        }
        for (Object entry : l) {
            if (!(entry instanceof String s) || problemWith(s).isPresent()) {
                throw new IllegalArgumentException("approval.approvers holds " + entry + ", not an IAM user");
            }
            approvers.add(s);
        }
        Object self = m.get("selfApproval") == null ? Boolean.FALSE : m.get("selfApproval");
        if (!(self instanceof Boolean b)) {
            throw new IllegalArgumentException("approval.selfApproval is not true or false");
        }
        return new ApprovalPolicy(n.intValue(), approvers, b);
    }
}
