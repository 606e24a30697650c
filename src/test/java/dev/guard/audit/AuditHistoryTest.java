package dev.guard.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.guard.error.ExitCode;
import dev.guard.error.GuardException;
import dev.guard.lock.Owner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit log read back for a person: records grouped by run in the order runs began, a run with
 * no end marked as such, {@code --since} and {@code --run} choosing runs, bad values refused with
 * exit 2.
 */
class AuditHistoryTest {
    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

    @TempDir
    Path dir;

    private Path log;

    private void write(Instant at, String run, AuditEvent event) throws Exception {
        log = dir.resolve("audit.jsonl");
        new AuditLog(log, Clock.fixed(at, ZoneOffset.UTC), run).append(event.name(), event.fields());
    }

    private static AuditEvent.RunStart start(String runbook, Owner owner) {
        return new AuditEvent.RunStart(
                "execute", runbook, "r.yaml", "sha", Map.of(), "arn:aws:iam::1:user/alice", "plan", "aws", owner);
    }

    @Test
    void recordsAreGroupedByRunInTheOrderRunsBeganAndAKilledRunIsMarked() throws Exception {
        // A process that is not running on this host: its run, never ended, was killed.
        Owner dead = new Owner(Long.MAX_VALUE - 1, Owner.current().host(), Optional.empty());
        write(T0, "aaaa-1", start("first", Owner.current()));
        write(T0.plusSeconds(1), "bbbb-2", start("killed", dead));
        write(T0.plusSeconds(2), "aaaa-1", new AuditEvent.RunEnd(0, "1 changed"));
        write(T0.plusSeconds(3), "bbbb-2", new AuditEvent.Confirmation("s", "typed", "terminal", "accepted"));
        Files.writeString(log, "half a line\n", java.nio.file.StandardOpenOption.APPEND);

        List<AuditHistory.Run> runs = AuditHistory.read(log);

        assertThat(runs).extracting(AuditHistory.Run::id).containsExactly("aaaa-1", "bbbb-2");
        assertThat(runs.get(0).entries()).extracting(AuditHistory.Entry::event).containsExactly("run.start", "run.end");
        assertThat(runs.get(0).entries().get(1).line()).isEqualTo(3);
        assertThat(runs.get(0).end().orElseThrow().fields()).containsEntry("summary", "1 changed");
        assertThat(runs.get(0).unfinished()).isEmpty();
        assertThat(runs.get(1).end()).isEmpty();
        assertThat(runs.get(1).unfinished().orElseThrow().interrupted()).isTrue();
        assertThat(runs.get(1).entries().get(1).fields()).doesNotContainKeys("prev", "time", "run", "event");
    }

    @Test
    void sinceKeepsTheRunsBegunInTheWindowAndRunTakesAUniquePrefix() throws Exception {
        write(T0, "abc-old", start("a", Owner.current()));
        write(T0.plus(Duration.ofHours(3)), "abd-new", start("b", Owner.current()));
        write(T0.plus(Duration.ofHours(3)), "xyz-new", start("c", Owner.current()));
        List<AuditHistory.Run> all = AuditHistory.read(log);
        Instant now = T0.plus(Duration.ofHours(4));

        assertThat(AuditHistory.select(all, Optional.of(Duration.ofHours(2)), Optional.empty(), now))
                .extracting(AuditHistory.Run::id)
                .containsExactly("abd-new", "xyz-new");
        assertThat(AuditHistory.select(all, Optional.empty(), Optional.of("ABD"), now))
                .extracting(AuditHistory.Run::id)
                .containsExactly("abd-new");
        assertThatThrownBy(() -> AuditHistory.select(all, Optional.empty(), Optional.of("ab"), now))
                .isInstanceOfSatisfying(
                        GuardException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.INVALID_INPUT))
                .hasMessage("--run ab matches 2 runs (abc-old, abd-new); give more of the id");
        assertThatThrownBy(() -> AuditHistory.select(all, Optional.of(Duration.ofHours(2)), Optional.of("abc"), now))
                .hasMessage("--run abc: no run in the audit log has an id starting so (within --since)");
    }

    @Test
    void durationsReadAsAPersonWritesThemAndAnythingElseIsExit2() {
        assertThat(AuditHistory.duration("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(AuditHistory.duration("30m")).isEqualTo(Duration.ofMinutes(30));
        assertThat(AuditHistory.duration("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(AuditHistory.duration("3D")).isEqualTo(Duration.ofDays(3));
        assertThat(AuditHistory.duration("1w")).isEqualTo(Duration.ofDays(7));
        for (String bad : List.of("", "2", "h", "0h", "-2h", "2 h", "2h30m", "1y", "9999999d")) {
            assertThatThrownBy(() -> AuditHistory.duration(bad))
                    .as(bad)
                    .isInstanceOfSatisfying(
                            GuardException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.INVALID_INPUT))
                    .hasMessageStartingWith("--since " + bad + ": expected a duration such as 30m, 2h, 3d or 1w");
        }
    }

    @Test
    void aMissingLogIsOneClearLine() {
        assertThatThrownBy(() -> AuditHistory.read(dir.resolve("none.jsonl")))
                .isInstanceOfSatisfying(
                        GuardException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.INVALID_INPUT))
                .hasMessageContaining("no audit log at");
    }
}
