package dev.guard.cli;

import dev.guard.approval.ApprovalFlow;
import dev.guard.approval.ApprovalSession;
import dev.guard.approval.Tally;
import dev.guard.error.ExitCode;
import dev.guard.error.GuardException;
import dev.guard.json.Json;
import dev.guard.runbook.ApprovalPolicy;
import dev.guard.saved.SavedPlan;
import dev.guard.term.Printable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code guard approvals FILE}: who approved a saved plan, and whether it counts; {@code --revoke} your own. */
@Command(
        name = "approvals",
        description = {
            "List the approvals of a saved plan's digest in the approvals store: each approver, when, and whether it"
                    + " counts (or why not), then N of M required. Reading needs no MFA.",
            "With --revoke: delete your own approval of it (a fresh MFA code: the bucket policy wants one for"
                    + " deletes too)."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  guard approvals plan.json",
            "  guard approvals plan.json --output json",
            "  guard approvals plan.json --revoke"
        })
final class ApprovalsCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "The saved plan.")
    String file;

    @Option(names = "--revoke", description = "Delete your own approval of this plan (asks a fresh MFA code).")
    boolean revoke;

    @Mixin
    ConnectionOptions connection;

    @Spec
    CommandSpec spec;

    private final Context context;

    ApprovalsCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Session session = new Session(context, spec.commandLine());
        if (connection.sandbox) {
            throw GuardException.invalid("guard approvals --sandbox would read a sandbox started for the command;"
                    + " start one with guard sandbox and pass --endpoint-url");
        }
        SavedPlan plan = ApprovalStoreAccess.plan(session, file);
        ApprovalPolicy policy = ApprovalStoreAccess.policy(session, plan);
        try (Connections.Opened opened = Connections.open(connection, session, line -> {});
                ApprovalSession approvals = ApprovalStoreAccess.open(session, opened)) {
            if (revoke) {
                new ApprovalFlow(approvals, session.config().auditLog(), context.terminal(), line -> {
                            session.out().println(line);
                            session.out().flush();
                        })
                        .revoke(plan, ApprovalStoreAccess.codes(session, connection, "approvals --revoke"));
                return ExitCode.OK;
            }
            Tally tally = approvals.list(plan, policy, Instant.now());
            if (session.global.json()) {
                Json.write(session.out(), json(plan, policy, tally));
            } else {
                render(session, plan, policy, tally);
            }
            session.out().flush();
            return ExitCode.OK;
        }
    }

    private static void render(Session session, SavedPlan plan, ApprovalPolicy policy, Tally tally) {
        var out = session.out();
        out.println("Approvals of plan " + Printable.of(plan.id()) + " (" + plan.digest() + ")");
        out.println("  the runbook " + Printable.of(policy.describe()));
        if (tally.counted().isEmpty()) {
            out.println("  none yet");
        }
        for (Tally.Counted c : tally.counted()) {
            String who = c.user().isEmpty() ? c.key() : c.user();
            String when = c.written().map(Instant::toString).orElse("?");
            out.println("  " + Printable.of(who) + "  " + when + "  "
                    + (c.valid()
                            ? "valid"
                            : "not counted: " + Printable.of(c.invalid().get())));
        }
        out.println(Printable.of(tally.summary()) + (tally.enough() ? ": approved" : ": not yet approved"));
    }

    private static Map<String, Object> json(SavedPlan plan, ApprovalPolicy policy, Tally tally) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("planId", plan.id());
        m.put("digest", plan.digest());
        m.put("approval", policy.toJson());
        List<Object> list = new ArrayList<>();
        for (Tally.Counted c : tally.counted()) {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("key", c.key());
            a.put("user", c.user());
            a.put("approver", c.approver().orElse(null));
            a.put("written", c.written().map(Instant::toString).orElse(null));
            a.put("valid", c.valid());
            a.put("reason", c.invalid().orElse(null));
            list.add(a);
        }
        m.put("approvals", list);
        m.put("validApprovers", tally.validUsers());
        m.put("required", policy.required());
        m.put("approved", tally.enough());
        return m;
    }
}
