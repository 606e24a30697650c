package dev.guard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.guard.error.ExitCode;
import dev.guard.term.ScriptedTerminal;
import org.junit.jupiter.api.Test;

/** A runbook that requires approvals is never executed by {@code guard run}: only as an approved plan. */
class ApprovalRequiredRunTest {
    @Test
    void runRefusesARunbookThatRequiresApprovalsBeforeAnyAwsCall() {
        var r = new CliRunner()
                .terminal(new ScriptedTerminal(true, "production"))
                .env("AWS_ENDPOINT_URL", "http://127.0.0.1:9") // nothing listens: any call would fail otherwise
                .run("run", "runbooks/stop-prod-web-approved.yaml");

        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(ExitCode.NOT_APPROVED);
        assertThat(r.err())
                .contains("needs 2 approvals from alice, carol")
                .contains("guard approve FILE")
                .contains("Nothing was changed");
    }
}
