package dev.guard.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.guard.action.ActionRegistry;
import dev.guard.config.Environment;
import dev.guard.error.ExitCode;
import dev.guard.error.GuardException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With no one to ask, only an unattended runbook with --yes goes ahead, and never in a protected account. */
class UnattendedTest {
    @TempDir
    Path dir;

    private Plan plan(String account, String extra) throws Exception {
        Path file = Files.writeString(dir.resolve("rb.yaml"), """
                apiVersion: guard/v1
                kind: Runbook
                name: rb
                target: {account: %s, region: us-east-1}
                %s
                steps:
                  - id: terminate
                    action: ec2:TerminateInstances
                    with: {instanceIds: [i-0a22222222222222a]}
                    confirm: yes
                """.formatted(account, extra));
        var config = Runbooks.config();
        var loaded = new RunbookLoader(ActionRegistry.standard(), config).load(file, file);
        assertThat(loaded.ok()).as(loaded.problems().sorted().toString()).isTrue();
        return new PlanBuilder(ActionRegistry.standard(), config, new Environment(dir, Map.of(), dir.resolve("home")))
                .build(loaded.runbook().orElseThrow(), file, Map.of());
    }

    @Test
    void yesIsRefusedForARunbookThatDoesNotSayUnattended() throws Exception {
        assertThatThrownBy(() -> Unattended.allowYes(plan("development", "")))
                .isInstanceOfSatisfying(
                        GuardException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.INVALID_INPUT))
                .hasMessageContaining("--yes is refused: runbook rb does not say unattended: true");
        assertThatCode(() -> Unattended.allowYes(plan("development", "unattended: true")))
                .doesNotThrowAnyException();
    }

    @Test
    void aStepToConfirmGoesAheadWithoutATerminalOnlyWithYes() throws Exception {
        Plan plan = plan("development", "unattended: true");

        assertThatThrownBy(() -> Unattended.refuseUnconfirmable(plan, false))
                .isInstanceOfSatisfying(
                        GuardException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.ABORTED))
                .hasMessageContaining("step terminate needs a confirmation (yes) and there is no terminal");
        assertThatCode(() -> Unattended.refuseUnconfirmable(plan, true)).doesNotThrowAnyException();
    }

    @Test
    void aProtectedAccountAlwaysNeedsATerminalEvenWithYes() throws Exception {
        Plan plan = plan("production", "");

        assertThatThrownBy(() -> Unattended.refuseUnconfirmable(plan, true))
                .isInstanceOfSatisfying(
                        GuardException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.ABORTED))
                .hasMessageContaining("a protected account, which always needs a typed confirmation on a terminal");
    }
}
