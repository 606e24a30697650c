package dev.guard.apply;

import static org.assertj.core.api.Assertions.assertThat;

import dev.guard.error.ExitCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppliedRecordTest {
    private static final String DIGEST = "sha256:" + "ab".repeat(32);
    private static final Instant T = Instant.parse("2026-12-01T02:00:00.123Z");

    @TempDir
    Path dir;

    private AppliedRecord open() {
        return AppliedRecord.open(dir.resolve("applied"), DIGEST, "plan-1");
    }

    @Test
    void aPlanNeverAppliedIsNewAndNothingIsWritten() {
        assertThat(open().status()).isEqualTo(AppliedRecord.Status.NEW);
        assertThat(dir.resolve("applied")).doesNotExist();
    }

    @Test
    void anApplyOfThisLiveProcessIsRunningAndItsDoneTargetsAreKeptPrivately() throws Exception {
        AppliedRecord r = open();
        r.started("/plans/p.json", "alice", T);
        r.done("clean", List.of("i-1", "i-2"), T.plusSeconds(5));
        AppliedRecord again = open();
        assertThat(again.status()).isEqualTo(AppliedRecord.Status.RUNNING);
        assertThat(again.doneSoFar().at("clean", "i-2")).contains("2026-12-01T02:00:05Z");
        assertThat(again.doneSoFar().at("clean", "i-3")).isEmpty();
        assertThat(again.doneCount()).isEqualTo(2);
        Path file = dir.resolve("applied/" + "ab".repeat(32) + ".json");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
                .isEqualTo("rwx------");
    }

    @Test
    void howTheLastAttemptEndedDecidesTheNextApply() {
        AppliedRecord r = open();
        r.started("/plans/p.json", "alice", T);
        r.ended(ExitCode.ABORTED, "declined", T.plusSeconds(1));
        assertThat(open().status()).as("refused before any change").isEqualTo(AppliedRecord.Status.REFUSED);

        r.started("/plans/p.json", "alice", T.plusSeconds(2));
        r.done("clean", List.of("i-1"), T.plusSeconds(3));
        r.ended(ExitCode.INTERRUPTED, "interrupted by Ctrl-C", T.plusSeconds(4));
        assertThat(open().status()).isEqualTo(AppliedRecord.Status.INTERRUPTED);

        r.started("/plans/p.json", "alice", T.plusSeconds(5));
        r.ended(ExitCode.OK, "1 changed (1 already done)", T.plusSeconds(6));
        AppliedRecord done = open();
        assertThat(done.status()).isEqualTo(AppliedRecord.Status.APPLIED);
        assertThat(done.lastAttempt())
                .startsWith("started 2026-12-01T02:00:05Z by alice (pid ")
                .endsWith("ended 2026-12-01T02:00:06Z with exit code 0 (1 changed (1 already done))");
    }

    @Test
    void anAttemptWhoseProcessIsGoneWasKilled() throws Exception {
        Files.createDirectories(dir.resolve("applied"));
        Files.writeString(dir.resolve("applied/" + "ab".repeat(32) + ".json"), """
                {"digest": "%s", "plan": "plan-1",
                 "attempts": [{"pid": 2147483646, "host": "%s", "processStart": null, "user": "alice",
                               "startedAt": "2026-12-01T02:00:00Z", "endedAt": null}],
                 "done": {"clean": {"i-1": "2026-12-01T02:00:01Z"}}}
                """.formatted(
                        DIGEST, dev.guard.lock.Owner.current().host()));
        AppliedRecord r = open();
        assertThat(r.status()).isEqualTo(AppliedRecord.Status.INTERRUPTED);
        assertThat(r.lastAttempt()).endsWith("never ended");
        assertThat(r.doneSoFar().at("clean", "i-1")).isPresent();
    }
}
