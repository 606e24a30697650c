package dev.guard.cli;

import dev.guard.approval.ApprovalFlow;
import dev.guard.approval.ApprovalSession;
import dev.guard.config.ApprovalsStore;
import dev.guard.credentials.MfaCodeSource;
import dev.guard.credentials.MfaCodes;
import dev.guard.error.ExitCode;
import dev.guard.error.GuardException;
import dev.guard.plan.RunbookLoader;
import dev.guard.runbook.ApprovalPolicy;
import dev.guard.saved.SavedPlan;
import dev.guard.term.Printable;
import java.util.function.Supplier;

/** What {@code approve} and {@code approvals} share: the configured store, the plan file, the code source. */
final class ApprovalStoreAccess {
    private ApprovalStoreAccess() {}

    static ApprovalsStore store(Session session) {
        return session.config()
                .approvals()
                .orElseThrow(() -> GuardException.invalid("no approvals store is configured: add approvals: {bucket,"
                        + " prefix, account, region} to "
                        + session.config().source().map(Object::toString).orElse("the config")
                        + " (docs/approvals.md)"));
    }

    static SavedPlan plan(Session session, String file) {
        return SavedPlan.read(session.context.env().resolve(file));
    }

    static ApprovalSession open(Session session, Connections.Opened opened) {
        return new ApprovalSession(
                opened.connection(), session.context.env(), session.config(), store(session), line -> {
                    session.err().println("guard: " + Printable.of(line));
                    session.err().flush();
                });
    }

    /** The fresh code: --mfa-code, --mfa-command, GUARD_MFA_COMMAND or the masked prompt. */
    static Supplier<MfaCodeSource> codes(Session session, ConnectionOptions connection, String command) {
        return () -> MfaCodes.choose(
                        connection.mfaCode(),
                        connection.mfaCommand(),
                        session.context.env(),
                        session.context.terminal(),
                        java.util.Optional.empty())
                .orElseThrow(() -> new GuardException(
                        ExitCode.AUTH_FAILED,
                        "guard " + command + " needs a fresh MFA code: run it on a terminal, or pass --mfa-command"
                                + " (or set GUARD_MFA_COMMAND). Nothing was written"));
    }

    /** The plan's approval policy; for a plan saved without one, its unchanged runbook's (ApprovalFlow.policy). */
    static ApprovalPolicy policy(Session session, SavedPlan plan) {
        RunbookLoader loader = new RunbookLoader(session.actions(), session.config());
        return ApprovalFlow.policy(
                plan,
                path -> java.nio.file.Files.isRegularFile(path)
                        ? loader.load(path, path).runbook()
                        : java.util.Optional.empty());
    }
}
