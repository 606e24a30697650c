package dev.guard.approval;

import dev.guard.audit.AuditLog;
import dev.guard.audit.RunAudit;
import dev.guard.credentials.MfaCodeSource;
import dev.guard.error.ExitCode;
import dev.guard.error.GuardException;
import dev.guard.runbook.ApprovalPolicy;
import dev.guard.runbook.Runbook;
import dev.guard.saved.SavedPlan;
import dev.guard.term.Printable;
import dev.guard.term.PromptCancelled;
import dev.guard.term.Terminal;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@code guard approve FILE} and {@code guard approvals FILE --revoke}, in their order: everything
 * that can refuse without asking refuses first (no terminal, expired plan, self-approval, not an
 * approver); then the plan is shown, each step's confirmation asked as {@code run} asks it, and only
 * then the MFA code, so the write lands well within the bucket's 5-minute window.
 */
public final class ApprovalFlow {
    private final ApprovalSession session;
    private final AuditLog audit;
    private final Terminal terminal;
    private final Consumer<String> out;

    /** @param auditLog where approve and revoke are recorded (the config's audit log) */
    public ApprovalFlow(ApprovalSession session, Path auditLog, Terminal terminal, Consumer<String> out) {
        this.session = session;
        this.audit = new AuditLog(auditLog, Clock.systemUTC(), UUID.randomUUID().toString());
        this.terminal = terminal;
        this.out = out;
    }

    /**
     * The policy an approval is made against: the one the plan saved from its runbook; for a plan
     * saved without one, its runbook's, provided the file is still byte for byte the one planned.
     *
     * @param load reads a runbook file (empty when it cannot be loaded)
     * @throws GuardException exit 2 when the runbook declares no approval; 8 when the plan names no
     *     policy and its runbook is gone or changed
     */
    public static ApprovalPolicy policy(SavedPlan plan, Function<Path, Optional<Runbook>> load) {
        Optional<ApprovalPolicy> saved = Approvals.saved(plan);
        if (saved.isPresent()) {
            return saved.get();
        }
        Object runbook = plan.document().get("runbook");
        Optional<Runbook> planned = Optional.empty();
        if (runbook instanceof Map<?, ?> m
                && m.get("path") instanceof String path
                && m.get("sha256") instanceof String sha) {
            planned = load.apply(Path.of(path)).filter(r -> r.sha256().equals(sha));
        }
        if (planned.isEmpty()) {
            throw new GuardException(
                    ExitCode.PLAN_REFUSED,
                    "plan " + plan.id() + " does not say which approvals it needs, and its runbook is gone or"
                            + " changed since it was planned: make a new plan with guard plan --live -o");
        }
        return planned.get()
                .approval()
                .orElseThrow(() -> GuardException.invalid("plan " + plan.id() + " of runbook "
                        + PlanSummary.runbookName(plan) + " needs no approval: its runbook declares no approval:"));
    }

    /** @throws GuardException exit 3 without a terminal: an approval is a person at one */
    public static void requireTerminal(Terminal terminal) {
        if (!terminal.interactive()) {
            throw new GuardException(
                    ExitCode.ABORTED,
                    "guard approve needs a terminal: an approval is a person reading the plan, typing its"
                            + " confirmations and giving a fresh MFA code. Nothing was written");
        }
    }

    /**
     * Approves the plan.
     *
     * @return the key written
     */
    public String approve(SavedPlan plan, ApprovalPolicy policy, Supplier<MfaCodeSource> codes) {
        requireTerminal(terminal);
        Approvals.expiredOrInconsistent(plan, policy, Instant.now());
        ApprovalSession.Approver me = session.identify();
        ApprovalSession.mayApprove(plan, policy, me);
        String key = ApprovalRules.key(session.store(), me.name(), plan.digest());
        // Only an approval that counts is left alone; one that does not (a damaged body) is replaced.
        boolean counted = session.list(plan, policy, Instant.now()).counted().stream()
                .anyMatch(c -> c.key().equals(key) && c.valid());
        if (counted) {
            out.accept("You (" + Printable.of(me.name()) + ") already approved plan " + plan.id() + ": s3://"
                    + session.store().bucket() + "/" + key + ". Nothing was written");
            return key;
        }
        PlanSummary.lines(plan).forEach(out);
        out.accept("");
        out.accept("Approval: this runbook " + Printable.of(policy.describe()) + ".");
        for (PlanSummary.StepConfirmation c : PlanSummary.confirmations(plan)) {
            confirm(c);
        }
        Approval approval = new Approval(
                plan.id(),
                plan.digest(),
                PlanSummary.runbookName(plan),
                me.arn(),
                plan.planner(),
                Instant.now(),
                plan.expiresAt());
        record("approval.write", plan, me, key, "requested");
        try {
            session.withFreshMfa(codes, key, false, approval.bytes());
        } catch (GuardException e) {
            record("approval.write", plan, me, key, "failed: " + e.getMessage());
            throw e;
        }
        record("approval.write", plan, me, key, "written");
        out.accept("Approved plan " + plan.id() + " as " + Printable.of(me.name()) + ": s3://"
                + session.store().bucket() + "/" + key);
        return key;
    }

    /** Deletes the caller's own approval of the plan, with a fresh MFA code. */
    public String revoke(SavedPlan plan, Supplier<MfaCodeSource> codes) {
        ApprovalSession.Approver me = session.identify();
        String key = ApprovalRules.key(session.store(), me.name(), plan.digest());
        if (!session.hasApproved(plan, me)) {
            throw GuardException.invalid("you (" + me.name() + ") have no approval of plan " + plan.id()
                    + " to revoke (no s3://" + session.store().bucket() + "/" + key + "). Nothing was deleted");
        }
        record("approval.revoke", plan, me, key, "requested");
        try {
            session.withFreshMfa(codes, key, true, new byte[0]);
        } catch (GuardException e) {
            record("approval.revoke", plan, me, key, "failed: " + e.getMessage());
            throw e;
        }
        record("approval.revoke", plan, me, key, "deleted");
        out.accept("Revoked your approval of plan " + plan.id() + ": deleted s3://"
                + session.store().bucket() + "/" + key);
        return key;
    }

    /** One step's confirmation, as {@code run} asks it: the word for typed, y/N for yes, nothing for none. */
    private void confirm(PlanSummary.StepConfirmation c) {
        try {
            if (c.confirm().equals("none")) {
                return;
            }
            Optional<String> declined;
            if (c.confirm().equals("yes")) {
                declined = dev.guard.term.Ask.yes(terminal, c.what())
                        ? Optional.empty()
                        : Optional.of("declined at step " + c.id());
            } else {
                declined = dev.guard.term.Ask.typed(terminal, c.word(), c.what())
                        ? Optional.empty()
                        : Optional.of("declined: '" + c.word() + "' was not typed at step " + c.id());
            }
            if (declined.isPresent()) {
                throw new GuardException(ExitCode.ABORTED, declined.get() + "; nothing was written");
            }
        } catch (PromptCancelled e) {
            throw e.at("the approval prompt");
        }
    }

    /** An approval's audit record; guard does not write an approval unaudited. */
    private void record(String event, SavedPlan plan, ApprovalSession.Approver me, String key, String result) {
        Map<String, Object> fields = new java.util.LinkedHashMap<>();
        fields.put("planId", plan.id());
        fields.put("digest", plan.digest());
        fields.put("runbook", PlanSummary.runbookName(plan));
        fields.put("approver", me.arn());
        fields.put("object", "s3://" + session.store().bucket() + "/" + key);
        fields.put("result", result);
        try {
            audit.append(event, fields);
        } catch (IOException e) {
            if (result.equals("requested")) {
                throw new GuardException(
                        ExitCode.ACTION_FAILED,
                        "could not write the audit log " + audit.file() + " (" + RunAudit.why(e)
                                + "); guard does not approve unaudited. Nothing was written");
            }
            out.accept("warning: the approval's outcome could not be recorded in " + audit.file() + " ("
                    + RunAudit.why(e) + ")");
        }
    }
}
