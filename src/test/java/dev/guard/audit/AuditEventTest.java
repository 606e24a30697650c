package dev.guard.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.guard.action.Outcome;
import dev.guard.action.Target;
import dev.guard.json.Json;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The audit log's lines, field for field and in order, as {@code guard audit verify}, the ITs and
 * whoever greps the log read them: a typed event must write exactly the line the run wrote before.
 */
class AuditEventTest {
    private static String line(AuditEvent e) {
        return e.name() + " " + Json.compact(e.fields());
    }

    private static Target target(String id, String state) {
        return new Target(id, Optional.ofNullable(state), Map.of(), List.of(), Optional.empty());
    }

    @Test
    void runStartNamesTheRunbookTheCallerAndTheProcess() {
        assertThat(line(RunAuditTest.start()))
                .isEqualTo("run.start {\"mode\":\"execute\",\"runbook\":\"cleanup\",\"file\":\"runbooks/cleanup.yaml\","
                        + "\"sha256\":\"ab\",\"parameters\":{},\"caller\":\"arn:aws:iam::111111111111:user/alice\","
                        + "\"credentials\":\"sandbox user alice\",\"endpoint\":\"aws\",\"pid\":42,\"host\":\"h\","
                        + "\"processStart\":\"2026-11-30T00:00:00Z\"}");
    }

    @Test
    void credentialsListEachSessionWithItsExpiryOrNone() {
        assertThat(line(new AuditEvent.Credentials(
                        "arn:aws:iam::1:mfa/a",
                        List.of(
                                new AuditEvent.Session("GetSessionToken with MFA", Optional.of("2026-11-30T12:00:00Z")),
                                new AuditEvent.Session("your base credentials", Optional.empty())))))
                .isEqualTo("credentials {\"mfaDevice\":\"arn:aws:iam::1:mfa/a\",\"sessions\":["
                        + "{\"how\":\"GetSessionToken with MFA\",\"expires\":\"2026-11-30T12:00:00Z\"},"
                        + "{\"how\":\"your base credentials\",\"expires\":\"\"}]}");
    }

    @Test
    void targetsCarryStatesRefusalsAndAlreadyDoneOnlyWhenThereAreSome() {
        AuditEvent.Targets none = new AuditEvent.Targets(
                "stop", "ec2:StopInstances", "111", "eu-west-1", List.of(target("i-1", null)), List.of("r"), List.of());
        AuditEvent.Targets some = new AuditEvent.Targets(
                "stop",
                "ec2:StopInstances",
                "111",
                "eu-west-1",
                List.of(target("i-1", "running")),
                List.of(),
                List.of("i-2"));

        assertThat(line(none))
                .isEqualTo(
                        "targets {\"step\":\"stop\",\"action\":\"ec2:StopInstances\",\"account\":\"111\","
                                + "\"region\":\"eu-west-1\",\"targets\":[{\"id\":\"i-1\",\"state\":null}],\"refusals\":[\"r\"]}");
        assertThat(line(some))
                .endsWith("\"targets\":[{\"id\":\"i-1\",\"state\":\"running\"}],\"refusals\":[],"
                        + "\"alreadyDone\":[\"i-2\"]}");
    }

    @Test
    void confirmationsDryRunsAndOutcomes() {
        assertThat(line(new AuditEvent.Confirmation("stop", "typed", "terminal", "declined")))
                .isEqualTo(
                        "confirmation {\"step\":\"stop\",\"asked\":\"typed\",\"by\":\"terminal\",\"result\":\"declined\"}");
        assertThat(line(new AuditEvent.DryRun("stop", "DENIED", "AccessDenied")))
                .isEqualTo("dry-run {\"step\":\"stop\",\"verdict\":\"DENIED\",\"detail\":\"AccessDenied\"}");
        List<Outcome> outcomes = List.of(Outcome.done("i-1", "stopped"), Outcome.skipped("i-2", "gone"));
        assertThat(line(new AuditEvent.Batch("stop", 2, outcomes)))
                .isEqualTo("outcomes {\"step\":\"stop\",\"batch\":2,\"outcomes\":["
                        + "{\"id\":\"i-1\",\"status\":\"done\",\"detail\":\"stopped\"},"
                        + "{\"id\":\"i-2\",\"status\":\"skipped\",\"detail\":\"gone\"}]}");
        assertThat(line(new AuditEvent.Outcomes("stop", outcomes.subList(0, 1))))
                .isEqualTo(
                        "outcomes {\"step\":\"stop\",\"outcomes\":[{\"id\":\"i-1\",\"status\":\"done\",\"detail\":\"stopped\"}]}");
    }

    @Test
    void everyEndingIsRunEnd() {
        assertThat(line(new AuditEvent.RunEnd(0, "1 changed")))
                .isEqualTo("run.end {\"exitCode\":0,\"summary\":\"1 changed\"}");
        assertThat(line(new AuditEvent.RunEnd(130, "interrupted by Ctrl-C; nothing was changed")))
                .isEqualTo("run.end {\"exitCode\":130,\"summary\":\"interrupted by Ctrl-C; nothing was changed\","
                        + "\"cancelled\":true}");
        assertThat(line(new AuditEvent.Cancelled("cancelled at the MFA prompt")))
                .isEqualTo("run.end {\"exitCode\":130,\"cancelled\":true,\"summary\":\"cancelled at the MFA prompt\"}");
        assertThat(line(new AuditEvent.Failed(4, "refused")))
                .isEqualTo("run.end {\"exitCode\":4,\"error\":\"refused\"}");
        assertThat(line(new AuditEvent.Interrupted("r1", "cleanup", 9, "outcomes")))
                .isEqualTo("interrupted {\"interruptedRun\":\"r1\",\"runbook\":\"cleanup\",\"lastLine\":9,"
                        + "\"lastEvent\":\"outcomes\"}");
    }
}
