package dev.guard.cli;

import static dev.guard.cli.SandboxRuns.args;
import static dev.guard.cli.SandboxRuns.code;
import static org.assertj.core.api.Assertions.assertThat;

import dev.guard.term.ScriptedTerminal;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plan printed before a run says what the run will do: the device it will use, the
 * confirmation it will (not) ask for; and the commands that talk to AWS take the sandbox they
 * advertise.
 */
class PlanRunAgreementIT {
    @TempDir
    Path cacheHome;

    private CliRunner cli() {
        return new CliRunner().terminal(new ScriptedTerminal(false)).env("XDG_CACHE_HOME", cacheHome.toString());
    }

    /** The plan: everything before the sandbox starts. */
    private static String plan(CliRunner.Result r) {
        int end = r.out().indexOf("Sandbox: started");
        return end < 0 ? r.out() : r.out().substring(0, end);
    }

    @Test
    void aSandboxUsersPlanNamesThatUsersDevice() {
        var r = cli().run(args(
                "runbooks/stop-own-instances.yaml",
                "-p",
                "instanceIds=i-0a11111111111111a",
                "--dry-run",
                "--sandbox-user",
                "sofia",
                "--mfa-command",
                "echo " + code("sofia")));
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(plan(r))
                .contains("MFA device arn:aws:iam::111111111111:mfa/sofia")
                .doesNotContain("mfa/alice");
    }

    @Test
    void yesOnAnUnattendedRunbookIsWhatThePlanSaysConfirms() {
        var r = cli().run(args("cleanup-dev-instances", "--yes", "--mfa-command", "echo " + code("alice")));
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(plan(r))
                .contains("confirm: skipped (--yes, unattended runbook)")
                .doesNotContain("typed:");
        assertThat(r.out()).contains("Confirmed by --yes (unattended runbook)");
    }

    @Test
    void yesOnAnUnattendedRunbookIsWhatThePlanJsonSaysConfirms() throws Exception {
        var r = cli().run(args(
                "cleanup-dev-instances",
                "--yes",
                "--dry-run",
                "--output",
                "json",
                "--mfa-command",
                "echo " + code("alice")));
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        var step = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(r.out())
                .get("plan")
                .get("steps")
                .get(0);
        assertThat(step.get("confirmation").asText()).isEqualTo("skipped (--yes, unattended runbook)");
    }

    @Test
    void theNoTerminalMessageNamesBothWaysToGiveACode() {
        var r = cli().run(args(
                "runbooks/terminate-dev-instance.yaml", "-p", "instanceId=i-0a22222222222222b", "--dry-run"));
        assertThat(r.exitCode()).isEqualTo(4);
        assertThat(r.err()).contains("--mfa-command").contains("guard login");
    }

    @Test
    void whoamiTakesTheSandboxItsHelpOffers() {
        var r = cli().run("whoami", "--sandbox", "--sandbox-user", "sofia");
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(r.out())
                .contains("You are    arn:aws:iam::111111111111:user/sofia")
                .contains("MFA device arn:aws:iam::111111111111:mfa/sofia");
    }

    @Test
    void doctorTakesTheSandboxAndSpeaksJson() throws Exception {
        var r = cli().run("doctor", "--sandbox", "--output", "json");
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        var doc = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out());
        assertThat(doc.get("exitCode").asInt()).isZero();
        assertThat(doc.get("checks").toString())
                .contains("\"status\":\"ok\"")
                .contains("base credentials arn:aws:iam::111111111111:user/alice")
                .contains("MFA device arn:aws:iam::111111111111:mfa/alice");
        assertThat(r.out()).doesNotContain("ok    ");
    }
}
