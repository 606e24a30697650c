package dev.guard.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.guard.error.GuardException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@SuppressWarnings("try") // a lock held by try-with-resources is the point, not a value
class RunLockTest {
    private static final String TABLE = "aws 333333333333 us-east-1 dynamodb resource sessions-staging";
    private static final String BUCKET = "aws 444444444444 us-east-1 s3 bucket guard-protected-artifacts";

    @TempDir
    Path state;

    private Path dir() {
        return state.resolve("guard/locks");
    }

    private static final LockHolder HOLDER = new LockHolder("purge", "alice", "guard run runbooks/purge.yaml");

    private RunLock take(List<String> keys, boolean breakStale, List<String> said) {
        return RunLock.take(dir(), keys, HOLDER, breakStale, Duration.ZERO, Clock.systemUTC(), said::add);
    }

    @Test
    void aSecondRunOnAHeldResourceIsRefusedNamingTheHolderAndTakesNothing() throws Exception {
        try (RunLock first = take(List.of(TABLE), false, new ArrayList<>())) {
            // The second run wants the bucket too: it must not keep the bucket's lock after refusing.
            assertThatThrownBy(() -> take(List.of(BUCKET, TABLE), false, new ArrayList<>()))
                    .isInstanceOf(GuardException.class)
                    .satisfies(e -> assertThat(((GuardException) e).exitCode()).isEqualTo(7))
                    .hasMessageContaining(TABLE + " is locked by another guard run, still running")
                    .hasMessageContaining("runbook purge, user alice, command guard run runbooks/purge.yaml, pid "
                            + ProcessHandle.current().pid() + " on ")
                    .hasMessageContaining("--lock-timeout")
                    .hasMessageContaining("Nothing was changed");
            take(List.of(BUCKET), false, new ArrayList<>()).close();
        }
        take(List.of(TABLE), false, new ArrayList<>()).close();
    }

    @Test
    void lockFilesArePrivateAndMarkedReleasedWhenTheRunEnds() throws Exception {
        try (RunLock held = take(List.of(TABLE), false, new ArrayList<>())) {
            Path file = dir().resolve(RunLock.name(TABLE));
            assertThat(Files.readString(file))
                    .contains("\"runbook\":\"purge\"")
                    .contains("\"user\":\"alice\"")
                    .contains("\"command\":\"guard run runbooks/purge.yaml\"")
                    .contains("\"pid\":");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                    .isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir())))
                    .isEqualTo("rwx------");
        }
        String left = Files.readString(dir().resolve(RunLock.name(TABLE)));
        assertThat(left)
                .contains("\"key\":\"" + TABLE + "\"")
                .contains("\"released\":")
                .doesNotContain("pid");
        take(List.of(TABLE), false, new ArrayList<>()).close(); // a released file is free, not stale
    }

    @Test
    void aLockLeftByADeadRunIsReportedAndTakenOnlyWithBreakLock() throws Exception {
        Files.createDirectories(dir());
        String host = Owner.current().host();
        // A pid no kernel hands out: the run that wrote this is certainly gone.
        Files.writeString(
                dir().resolve(RunLock.name(TABLE)),
                "{\"key\":\"" + TABLE + "\",\"runbook\":\"old-purge\",\"pid\":999999999,\"host\":\"" + host
                        + "\",\"since\":\"2026-11-30T03:00:00Z\"}\n");

        assertThatThrownBy(() -> take(List.of(TABLE), false, new ArrayList<>()))
                .isInstanceOf(GuardException.class)
                .satisfies(e -> assertThat(((GuardException) e).exitCode()).isEqualTo(7))
                .hasMessageContaining("is locked by a guard run that is no longer running")
                .hasMessageContaining("guard unlock " + RunLock.name(TABLE).substring(0, 12))
                .hasMessageContaining("runbook old-purge, pid 999999999 on " + host + ", since 2026-11-30T03:00:00Z")
                .hasMessageContaining("--break-lock");

        List<String> said = new ArrayList<>();
        try (RunLock taken = take(List.of(TABLE), true, said)) {
            assertThat(said)
                    .singleElement()
                    .asString()
                    .contains("took over the lock")
                    .contains("pid 999999999");
            assertThat(Files.readString(dir().resolve(RunLock.name(TABLE))))
                    .contains("\"pid\":" + ProcessHandle.current().pid());
        }
    }

    @Test
    void aLockFromAnotherHostIsNotTakenSilentlyEither() throws Exception {
        Files.createDirectories(dir());
        Files.writeString(
                dir().resolve(RunLock.name(TABLE)),
                "{\"runbook\":\"purge\",\"pid\":1,\"host\":\"some-other-host\",\"since\":\"2026-11-30T03:00:00Z\"}");
        assertThatThrownBy(() -> take(List.of(TABLE), false, new ArrayList<>()))
                .hasMessageContaining("on another host; guard cannot tell whether it still runs")
                .hasMessageContaining("pid 1 on some-other-host");
    }

    @Test
    void aRunWithATimeoutWaitsForALiveHolderSayingSoOnceThenTakesTheLock() throws Exception {
        List<String> said = new ArrayList<>();
        RunLock first = take(List.of(TABLE), false, new ArrayList<>());
        java.util.concurrent.CompletableFuture.runAsync(() -> {
            try {
                Thread.sleep(700);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            first.close();
        });
        long start = System.nanoTime();
        try (RunLock second = RunLock.take(
                dir(), List.of(BUCKET, TABLE), HOLDER, false, Duration.ofSeconds(30), Clock.systemUTC(), said::add)) {
            long waited = (System.nanoTime() - start) / 1_000_000;
            assertThat(waited).isBetween(500L, 10_000L);
            assertThat(said)
                    .singleElement()
                    .asString()
                    .startsWith("waiting for the lock on " + TABLE + " held by runbook purge, user alice")
                    .endsWith("(up to 30s)");
        }
    }

    @Test
    void aRunWithATimeoutGivesUpWithExit7WhenTheHolderStaysAndHoldsNothing() throws Exception {
        try (RunLock first = take(List.of(TABLE), false, new ArrayList<>())) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> RunLock.take(
                            dir(),
                            List.of(BUCKET, TABLE),
                            HOLDER,
                            false,
                            Duration.ofSeconds(1),
                            Clock.systemUTC(),
                            s -> {}))
                    .satisfies(e -> assertThat(((GuardException) e).exitCode()).isEqualTo(7))
                    .hasMessageContaining("still running")
                    .hasMessageContaining("it was still running after 1s");
            assertThat((System.nanoTime() - start) / 1_000_000).isBetween(900L, 5_000L);
            take(List.of(BUCKET), false, new ArrayList<>()).close(); // the bucket was let go
        }
    }

    @Test
    void aDeadOwnersLockIsReportedAtOnceEvenWithATimeout() throws Exception {
        Files.createDirectories(dir());
        Files.writeString(
                dir().resolve(RunLock.name(TABLE)),
                "{\"runbook\":\"old\",\"pid\":999999999,\"host\":\""
                        + Owner.current().host() + "\",\"since\":\"2026-11-30T03:00:00Z\"}");
        long start = System.nanoTime();
        assertThatThrownBy(() -> RunLock.take(
                        dir(), List.of(TABLE), HOLDER, false, Duration.ofMinutes(5), Clock.systemUTC(), s -> {}))
                .satisfies(e -> assertThat(((GuardException) e).exitCode()).isEqualTo(7))
                .hasMessageContaining("no longer running");
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1_000L);
    }
}
