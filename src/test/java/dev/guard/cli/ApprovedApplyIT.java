package dev.guard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.guard.error.ExitCode;
import dev.guard.sandbox.server.Journal;
import dev.guard.term.ScriptedTerminal;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole of DESIGN.md §7 on a held sandbox, judged by its journal and state: alice plans a stop
 * in the protected production account, the runbook requires two approvals; with one the scheduler's
 * unattended apply is refused (9) and nothing changes; with two (alice and carol, each with a fresh
 * MFA code) the scheduler — no terminal, no MFA device — applies exactly that plan through
 * GuardRunnerRole.
 */
class ApprovedApplyIT {
    private static final String PRODUCTION = "444444444444";
    private static final String WEB_1 = "i-0a44444444444444a";

    @TempDir
    Path dir;

    @Test
    void twoApprovalsLetTheSchedulerApplyUnattendedInTheProtectedAccountAndOneDoesNot() throws Exception {
        try (HeldSandbox s = new HeldSandbox(dir.resolve("w"))) {
            String plan = dir.resolve("prod.plan.json").toString();
            var planned = s.guard(
                    "alice",
                    new ScriptedTerminal(true, code(s, "alice")),
                    "plan",
                    "stop-prod-web-approved",
                    "--live",
                    "-o",
                    plan);
            assertThat(planned.exitCode()).as(planned.out() + planned.err()).isZero();
            assertThat(planned.out()).contains("needs 2 approvals from alice, carol");

            var carol = approve(s, "carol", plan);
            assertThat(carol.exitCode()).as(carol.out() + carol.err()).isZero();

            var refused = applyAsScheduler(s, plan);
            assertThat(refused.exitCode()).as(refused.out() + refused.err()).isEqualTo(ExitCode.NOT_APPROVED);
            assertThat(refused.err()).contains("1 of 2");
            assertThat(s.calls("ec2")).doesNotContain("ec2:StopInstances");

            var alice = approve(s, "alice", plan);
            assertThat(alice.exitCode()).as(alice.out() + alice.err()).isZero();
            s.fixture().sandbox.journal().clear();

            var applied = applyAsScheduler(s, plan);
            assertThat(applied.exitCode()).as(applied.out() + applied.err()).isZero();
            assertThat(applied.out())
                    .contains("confirm: done at approval time by ")
                    .contains("Confirmed at approval time by");
            // The plan it shows first is the runner's: its runner role without MFA, never a prompt.
            assertThat(applied.out())
                    .contains("Credentials: no MFA prompt")
                    .contains("as role GuardRunnerRole")
                    .contains("creds:   AssumeRole, no MFA")
                    .doesNotContain("with MFA");
            // Exactly the plan's instance, by the runner role's session, assumed without MFA.
            assertThat(s.changes())
                    .containsExactly("ec2:StopInstances arn:aws:ec2:us-east-1:" + PRODUCTION + ":instance/" + WEB_1);
            assertThat(s.journal().stream()
                            .filter(e -> e.action().equals("ec2:StopInstances"))
                            .map(Journal.Entry::principal))
                    .allSatisfy(p -> assertThat(p).contains("assumed-role/GuardRunnerRole/"));
            assertThat(s.calls("sts")).doesNotContain("sts:GetSessionToken");
            assertThat(s.instanceState(PRODUCTION, WEB_1)).isIn("stopping", "stopped");
            assertThat(s.instanceState(PRODUCTION, "i-0a44444444444444b")).isEqualTo("running");
        }
    }

    private static CliRunner.Result approve(HeldSandbox s, String user, String plan) throws Exception {
        return s.guard(user, ScriptedTerminal.strict(true, "production"), "approve", plan, "--mfa-code", code(s, user));
    }

    /** A scheduler: no terminal, its own keys, --yes, the runner's identity. */
    private static CliRunner.Result applyAsScheduler(HeldSandbox s, String plan) throws Exception {
        return s.guard("scheduler", new ScriptedTerminal(false), "apply", plan, "--runner", "--yes");
    }

    /** A code of the user's device the sandbox has not seen yet (its clock moves one TOTP step on). */
    private static String code(HeldSandbox s, String user) {
        String code = s.fixture().nextCode(user);
        s.fixture().nextTotpStep();
        return code;
    }
}
