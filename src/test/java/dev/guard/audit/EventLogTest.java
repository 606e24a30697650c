package dev.guard.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.guard.action.Outcome;
import dev.guard.error.GuardException;
import dev.guard.lock.Owner;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EventLogTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T03:00:00Z"), ZoneOffset.UTC);

    private final AuditTrail.Recording audit = new AuditTrail.Recording();
    private final List<String> lines = new ArrayList<>();
    private final EventLog log = new EventLog(audit, CLOCK, lines::add);

    private static AuditEvent.RunStart start() {
        return new AuditEvent.RunStart(
                "execute",
                "nightly",
                "runbooks/nightly.yaml",
                "ab".repeat(32),
                Map.of("env", "dev"),
                "arn:aws:iam::111111111111:user/scheduler",
                "AWS_ACCESS_KEY_ID in the environment",
                "aws",
                new Owner(42, "cron-1", Optional.empty()));
    }

    private JsonNode line(int i) throws Exception {
        return JSON.readTree(lines.get(i));
    }

    @Test
    void eachEventIsOneLineWithTimeLevelAndTheAuditRecordsFieldsInOrder() throws Exception {
        log.write(start());

        assertThat(audit.events()).containsExactly(start());
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).doesNotContain("\n");
        JsonNode l = line(0);
        List<String> names = new ArrayList<>();
        l.fieldNames().forEachRemaining(names::add);
        List<String> expected = new ArrayList<>(List.of("time", "level", "event"));
        expected.addAll(start().fields().keySet());
        assertThat(names).isEqualTo(expected);
        assertThat(l.get("time").asText()).isEqualTo("2026-12-01T03:00:00Z");
        assertThat(l.get("level").asText()).isEqualTo("info");
        assertThat(l.get("event").asText()).isEqualTo("run.start");
        assertThat(l.get("caller").asText()).isEqualTo("arn:aws:iam::111111111111:user/scheduler");
        assertThat(l.get("pid").asInt()).isEqualTo(42);
    }

    @Test
    void aStepsOutcomesAreOneLinePerTargetAndABatchIsItsCounts() throws Exception {
        log.write(start());
        List<Outcome> outcomes = List.of(
                Outcome.done("k1", "deleted"), Outcome.failed("k2", "AccessDenied"), Outcome.skipped("k3", "gone"));
        log.write(new AuditEvent.Batch("purge", 1, outcomes));
        log.write(new AuditEvent.Outcomes("purge", outcomes));

        assertThat(lines).hasSize(5);
        JsonNode batch = line(1);
        assertThat(batch.get("event").asText()).isEqualTo("batch");
        assertThat(batch.get("level").asText()).isEqualTo("error");
        assertThat(batch.get("done").asInt()).isEqualTo(1);
        assertThat(batch.get("failed").asInt()).isEqualTo(1);
        assertThat(batch.get("skipped").asInt()).isEqualTo(1);
        assertThat(line(2).toString())
                .isEqualTo("{\"time\":\"2026-12-01T03:00:00Z\",\"level\":\"info\",\"event\":\"outcome\","
                        + "\"step\":\"purge\",\"id\":\"k1\",\"status\":\"done\",\"detail\":\"deleted\"}");
        assertThat(line(3).get("level").asText()).isEqualTo("error");
        assertThat(line(4).get("status").asText()).isEqualTo("skipped");
    }

    @Test
    void levelsLetAFilterFindFailuresAndRefusals() throws Exception {
        log.write(start());
        log.write(new AuditEvent.Targets(
                "s",
                "ec2:TerminateInstances",
                "222222222222",
                "us-east-1",
                List.of(),
                List.of("i-1 is tagged guard:protected=true"),
                List.of()));
        log.write(new AuditEvent.Confirmation("s", "typed", "terminal", "declined"));
        log.write(new AuditEvent.RunEnd(3, "refused"));

        assertThat(line(1).get("level").asText()).isEqualTo("warning");
        assertThat(line(2).get("level").asText()).isEqualTo("warning");
        assertThat(line(3).get("level").asText()).isEqualTo("error");
        assertThat(line(3).get("exitCode").asInt()).isEqualTo(3);
    }

    @Test
    void anEndingIsLoggedOnlyForARunThatStartedAndOnlyOnce() {
        log.write(new AuditEvent.Failed(4, "no MFA code"));
        assertThat(lines).isEmpty();

        log.write(start());
        log.write(new AuditEvent.Failed(1, "an AWS call failed"));
        log.write(new AuditEvent.Cancelled("cancelled"));
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).contains("\"event\":\"run.end\"").contains("\"level\":\"error\"");
    }

    @Test
    void anEventTheAuditRefusedIsNotLogged() {
        EventLog refusing = new EventLog(
                event -> {
                    throw new GuardException(1, "could not write the audit log");
                },
                CLOCK,
                lines::add);

        assertThatThrownBy(() -> refusing.write(start())).isInstanceOf(GuardException.class);
        assertThat(lines).isEmpty();
    }
}
