package dev.guard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.guard.audit.AuditEvent;
import dev.guard.audit.AuditHistory;
import dev.guard.audit.AuditLog;
import dev.guard.lock.Owner;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How {@code audit show} words what the log holds beyond a plain run: a killed run, a bulk step
 * known only by its batches, a record that is not a run (ad-hoc access) on one line, and names that
 * would act on a terminal, escaped.
 */
class AuditShowTest {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    @TempDir
    Path dir;

    private void write(Path log, int second, String run, String event, Map<String, Object> fields) throws Exception {
        new AuditLog(log, Clock.fixed(T0.plusSeconds(second), ZoneOffset.UTC), run).append(event, fields);
    }

    private void write(Path log, int second, String run, AuditEvent event) throws Exception {
        write(log, second, run, event.name(), event.fields());
    }

    @Test
    void aKilledRunItsBatchesAndAnAccessLineReadAsAPersonNeedsThem() throws Exception {
        Path log = dir.resolve("audit.jsonl");
        Owner dead = new Owner(Long.MAX_VALUE - 1, Owner.current().host(), Optional.empty());
        write(
                log,
                0,
                "run-1",
                new AuditEvent.RunStart(
                        "execute",
                        "bulk\u001b[2J",
                        "b.yaml",
                        "sha",
                        Map.of("prefix", "logs/"),
                        "arn:aws:iam::1:user/alice",
                        "plan",
                        "aws",
                        dead));
        write(
                log,
                1,
                "run-1",
                new AuditEvent.Batch("purge", 1, List.of(dev.guard.action.Outcome.done("logs/a\nb", "deleted"))));
        write(log, 2, "access-1", "access", Map.of("caller", "alice", "role", "ReadOnly", "command", "aws"));

        List<AuditHistory.Run> runs = AuditHistory.read(log);
        List<String> first = AuditShow.text(runs.get(0), false);
        List<String> second = AuditShow.text(runs.get(1), true);

        assertThat(first)
                .containsExactly(
                        "run run-1  2026-12-01 10:00:00 UTC  arn:aws:iam::1:user/alice",
                        "  runbook bulk\\x1b[2J  mode execute  parameters prefix=logs/",
                        "  outcomes of purge (batch 1, the run ended before the rest):",
                        "    logs/a\\nb  done  deleted",
                        "  no end: interrupted (killed or crashed); its last record is line 2 (outcomes)");
        assertThat(second).singleElement().asString().startsWith("2026-12-01 10:00:02 UTC  access  ");
        assertThat(second.get(0)).contains("caller=alice", "role=ReadOnly", "command=aws");
        assertThat(AuditShow.json(runs.get(0))).containsEntry("status", "interrupted");
        assertThat(AuditShow.json(runs.get(1))).containsEntry("status", "record");
    }

    @Test
    void anEditedLogIsShownWithAWarningNeverAsIfIntact() throws Exception {
        Path log = dir.resolve("audit.jsonl");
        write(log, 0, "run-1", "run.start", Map.of("runbook", "r", "mode", "execute", "caller", "alice"));
        write(log, 1, "run-1", new AuditEvent.RunEnd(0, "1 changed"));
        java.nio.file.Files.writeString(
                log, java.nio.file.Files.readString(log).replace("\"caller\":\"alice\"", "\"caller\":\"mallory\""));

        var r = new CliRunner().run("audit", "show", "--file", log.toString());

        assertThat(r.exitCode()).isZero();
        assertThat(r.err())
                .contains("guard: warning: the audit log's chain is broken (1 problem; guard audit verify names them)");
        assertThat(r.out()).contains("mallory").contains("ended 10:00:01 UTC: exit 0 — 1 changed");
    }
}
