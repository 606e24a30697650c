package dev.guard.approval;

import dev.guard.config.ApprovalsStore;
import dev.guard.runbook.ApprovalPolicy;
import dev.guard.saved.SavedPlan;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Saved plans and approval objects as the tests need them, in the shapes plan -o and approve write. */
public final class TestPlans {
    public static final ApprovalsStore STORE =
            new ApprovalsStore("guard-approvals", "approvals", "111111111111", "us-east-1");
    public static final String ALICE = "arn:aws:iam::111111111111:user/alice";

    private TestPlans() {}

    /** A one-step plan made by {@code planner}, created now, expiring at {@code expires}. */
    public static SavedPlan plan(String planner, Instant expires, Optional<ApprovalPolicy> policy) {
        return plan(planner, expires, policy, "/r.yaml", "00");
    }

    /** As above, naming the runbook file it was planned from and that file's SHA-256. */
    public static SavedPlan plan(
            String planner, Instant expires, Optional<ApprovalPolicy> policy, String runbookPath, String sha256) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", "8c1d3a52-0000-4000-8000-000000000001");
        body.put("runbook", Map.of("name", "terminate-production-instance", "path", runbookPath, "sha256", sha256));
        body.put("caller", Map.of("arn", planner, "account", "111111111111"));
        Map<String, Object> step = new LinkedHashMap<>();
        step.put("id", "terminate");
        step.put("number", 1);
        step.put("action", "ec2:TerminateInstances");
        step.put("account", "444444444444");
        step.put("accountAlias", "production");
        step.put("region", "us-east-1");
        step.put("protected", true);
        step.put("confirm", "typed");
        step.put("confirmWord", "production");
        step.put("inputs", List.of("instances i-0123456789abcdef0"));
        step.put("targets", List.of(Map.of("id", "i-0123456789abcdef0", "state", "running")));
        body.put("steps", List.of(step));
        body.put("createdAt", expires.minusSeconds(86_400).toString());
        body.put("expiresAt", expires.toString());
        policy.ifPresent(p -> body.put("approval", p.toJson()));
        return SavedPlan.seal(body);
    }

    /** The approval {@code user} would write for {@code plan}. */
    public static Approval approval(SavedPlan plan, String user) {
        return new Approval(
                plan.id(),
                plan.digest(),
                "terminate-production-instance",
                "arn:aws:iam::111111111111:user/" + user,
                plan.planner(),
                Instant.parse("2026-12-01T00:00:00Z"),
                plan.expiresAt());
    }

    public static ApprovalRules.Found found(String key, Approval a) {
        return ApprovalRules.Found.read(key, Instant.parse("2026-12-01T00:00:00Z"), a.bytes());
    }

    public static ApprovalRules.Found found(String key, String body) {
        return ApprovalRules.Found.read(
                key, Instant.parse("2026-12-01T00:00:00Z"), body.getBytes(StandardCharsets.UTF_8));
    }

    /** The object {@code user} would write, at its proper key. */
    public static ApprovalRules.Found own(SavedPlan plan, String user) {
        return found(ApprovalRules.key(STORE, user, plan.digest()), approval(plan, user));
    }
}
