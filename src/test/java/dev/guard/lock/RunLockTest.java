package dev.guard.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.guard.error.GuardException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
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

    private RunLock take(List<String> keys, boolean breakStale, List<String> said) {
        return RunLock.take(dir(), keys, "purge", breakStale, Clock.systemUTC(), said::add);
    }

    @Test
    void aSecondRunOnAHeldResourceIsRefusedNamingTheHolderAndTakesNothing() throws Exception {
        try (RunLock first = take(List.of(TABLE), false, new ArrayList<>())) {
            // The second run wants the bucket too: it must not keep the bucket's lock after refusing.
            assertThatThrownBy(() -> take(List.of(BUCKET, TABLE), false, new ArrayList<>()))
                    .isInstanceOf(GuardException.class)
                    .satisfies(e -> assertThat(((GuardException) e).exitCode()).isEqualTo(3))
                    .hasMessageContaining(TABLE + " is locked by another guard run, still running")
                    .hasMessageContaining(
                            "runbook purge, pid " + ProcessHandle.current().pid() + " on ")
                    .hasMessageContaining("Nothing was changed");
            take(List.of(BUCKET), false, new ArrayList<>()).close();
        }
        take(List.of(TABLE), false, new ArrayList<>()).close();
    }

    @Test
    void lockFilesArePrivateAndEmptiedWhenTheRunEnds() throws Exception {
        try (RunLock held = take(List.of(TABLE), false, new ArrayList<>())) {
            Path file = dir().resolve(RunLock.name(TABLE));
            assertThat(Files.readString(file)).contains("\"runbook\":\"purge\"").contains("\"pid\":");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                    .isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir())))
                    .isEqualTo("rwx------");
        }
        assertThat(Files.readString(dir().resolve(RunLock.name(TABLE)))).isEmpty();
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
                .satisfies(e -> assertThat(((GuardException) e).exitCode()).isEqualTo(3))
                .hasMessageContaining("is locked by a guard run that is no longer running")
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
}
