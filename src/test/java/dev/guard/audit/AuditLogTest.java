package dev.guard.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogTest {
    @TempDir
    Path dir;

    private AuditLog log(String run) {
        return new AuditLog(
                dir.resolve("state/guard/audit.jsonl"),
                Clock.fixed(Instant.parse("2026-11-23T12:00:00Z"), ZoneOffset.UTC),
                run);
    }

    @Test
    void recordsChainAndVerify() throws Exception {
        log("a").append("run.start", Map.of("runbook", "x"));
        log("a").append("run.end", Map.of("exitCode", 0));
        log("b").append("run.start", Map.of("note", "\"prev\":\"" + "f".repeat(64) + "\""));
        Path file = dir.resolve("state/guard/audit.jsonl");

        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).contains("\"prev\":\"" + AuditLog.GENESIS + "\"");
        assertThat(lines.get(1)).contains("\"prev\":\"" + AuditLog.sha256(lines.get(0)) + "\"");
        assertThat(AuditLog.verify(file).intact()).isTrue();
        assertThat(AuditLog.verify(file).lines()).isEqualTo(3);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
    }

    @Test
    void anEditedLineBreaksTheChainAtTheNextOne() throws Exception {
        for (int i = 0; i < 4; i++) {
            log("a").append("outcomes", Map.of("n", i));
        }
        Path file = dir.resolve("state/guard/audit.jsonl");
        List<String> lines = Files.readAllLines(file);
        Files.write(
                file, List.of(lines.get(0), lines.get(1).replace("\"n\":1", "\"n\":7"), lines.get(2), lines.get(3)));

        var v = AuditLog.verify(file);
        assertThat(v.intact()).isFalse();
        assertThat(v.problems()).singleElement().asString().contains(":3: the chain breaks here: line 2");
    }

    @Test
    void aRemovedLineIsFoundToo() throws Exception {
        for (int i = 0; i < 3; i++) {
            log("a").append("outcomes", Map.of("n", i));
        }
        Path file = dir.resolve("state/guard/audit.jsonl");
        List<String> lines = Files.readAllLines(file);
        Files.write(file, List.of(lines.get(0), lines.get(2)));
        assertThat(AuditLog.verify(file).problems()).singleElement().asString().contains(":2:");
    }

    @Test
    void halfALineLeftByACrashIsNamedAndTheChainGoesOnAfterIt() throws Exception {
        log("a").append("run.start", Map.of("n", 1));
        Path file = dir.resolve("state/guard/audit.jsonl");
        Files.writeString(
                file, "{\"time\":\"2026-11-23T12:00:00Z\",\"run\":\"a\",\"ev", java.nio.file.StandardOpenOption.APPEND);
        log("b").append("run.start", Map.of("n", 2));
        log("b").append("run.end", Map.of("n", 3));

        var v = AuditLog.verify(file);
        assertThat(v.lines()).isEqualTo(4);
        assertThat(v.problems()).singleElement().asString().contains(":2: not an audit record");
        assertThat(v.head()).isEqualTo(AuditLog.sha256(Files.readAllLines(file).get(3)));
    }

    @Test
    void anInsertedBlankLineFailsVerifyNamingIt() throws Exception {
        log("a").append("run.start", Map.of("n", 1));
        log("a").append("run.end", Map.of("n", 2));
        Path file = dir.resolve("state/guard/audit.jsonl");
        List<String> lines = Files.readAllLines(file);
        Files.write(file, List.of(lines.get(0), "", lines.get(1)));

        var v = AuditLog.verify(file);
        assertThat(v.intact()).isFalse();
        assertThat(v.problems().get(0)).contains("audit.jsonl:2: a blank line");
    }

    @Test
    void aLogOthersCanReadIsMadePrivateAgainAndTheOperatorIsTold() throws Exception {
        Path file = dir.resolve("state/guard/audit.jsonl");
        Files.createDirectories(file.getParent());
        Files.createFile(file);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        List<String> warnings = new java.util.ArrayList<>();

        new AuditLog(file, Clock.systemUTC(), "a", warnings::add).append("run.start", Map.of());

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(warnings).singleElement().asString().contains("was rw-r--r--; made it rw-------");
    }

    @Test
    void aSymlinkedLogIsRefusedAndItsTargetLeftAlone() throws Exception {
        Path elsewhere = dir.resolve("elsewhere.jsonl");
        Files.writeString(elsewhere, "");
        Path file = dir.resolve("state/guard/audit.jsonl");
        Files.createDirectories(file.getParent());
        Files.createSymbolicLink(file, elsewhere);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> log("a").append("run.start", Map.of()))
                .isInstanceOf(AuditLog.Refused.class)
                .hasMessageContaining("is a symbolic link");
        assertThat(Files.readString(elsewhere)).isEmpty();
    }

    @Test
    void aRunThatStartedAndNeverEndedIsReportedInterruptedWithItsLastRecord() throws Exception {
        Path file = dir.resolve("state/guard/audit.jsonl");
        // A pid that cannot be running: far above any kernel's pid_max.
        String host = dev.guard.lock.Owner.current().host();
        log("dead").append("run.start", Map.of("runbook", "purge", "pid", 999_999_999L, "host", host));
        log("dead").append("confirmation", Map.of("result", "accepted"));
        log("dead").append("outcomes", Map.of("batch", 1));
        log("done").append("run.start", Map.of("runbook", "other", "pid", 999_999_998L, "host", host));
        log("done").append("run.end", Map.of("exitCode", 0));
        var me = dev.guard.lock.Owner.current();
        log("live").append("run.start", Map.of("runbook", "now", "pid", me.pid(), "host", host));

        var v = AuditLog.verify(file);
        assertThat(v.intact()).isTrue();
        assertThat(v.interrupted()).singleElement().satisfies(u -> {
            assertThat(u.run()).isEqualTo("dead");
            assertThat(u.lastLine()).isEqualTo(3);
            assertThat(u.describe())
                    .contains("run dead (runbook purge")
                    .contains("pid 999999999 on " + host)
                    .contains("interrupted")
                    .contains("its last record is line 3 (outcomes)");
        });
        assertThat(v.unfinished()).extracting(AuditLog.Unfinished::run).containsExactly("dead", "live");
    }
}
