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
}
