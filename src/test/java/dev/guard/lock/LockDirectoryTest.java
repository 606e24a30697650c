package dev.guard.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.guard.error.GuardException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@SuppressWarnings("try") // a lock held by try-with-resources is the point, not a value
class LockDirectoryTest {
    private static final String LIVE = "aws 222222222222 us-east-1 ec2 instance i-0live";
    private static final String DEAD = "aws 222222222222 us-east-1 ec2 instance i-0dead";
    private static final String AWAY = "aws 222222222222 us-east-1 ec2 instance i-0away";
    private static final String FREE = "aws 222222222222 us-east-1 ec2 instance i-0free";
    private static final LockHolder HOLDER = new LockHolder("purge", "alice", "guard run runbooks/purge.yaml");

    @TempDir
    Path state;

    private Path dir() {
        return state.resolve("guard/locks");
    }

    private LockDirectory locks() {
        return new LockDirectory(dir(), Clock.systemUTC());
    }

    private RunLock take(String key) {
        return RunLock.take(dir(), List.of(key), HOLDER, false, Duration.ZERO, Clock.systemUTC(), s -> {});
    }

    private void left(String key, long pid, String host) throws Exception {
        Files.writeString(
                dir().resolve(RunLock.name(key)),
                "{\"key\":\"" + key + "\",\"runbook\":\"old\",\"user\":\"bob\",\"command\":\"guard run old.yaml\","
                        + "\"pid\":" + pid + ",\"host\":\"" + host + "\",\"since\":\"2026-11-30T03:00:00Z\"}\n");
    }

    private Map<String, LockDirectory.State> states() {
        return locks().list().stream().collect(Collectors.toMap(e -> e.key().orElse("?"), LockDirectory.Entry::state));
    }

    @Test
    void listsEachLockWithItsStateAndOwner() throws Exception {
        take(FREE).close();
        try (RunLock live = take(LIVE)) {
            left(DEAD, 999_999_999, Owner.current().host());
            left(AWAY, 1, "some-other-host");

            assertThat(states())
                    .containsEntry(LIVE, LockDirectory.State.HELD)
                    .containsEntry(DEAD, LockDirectory.State.STALE)
                    .containsEntry(AWAY, LockDirectory.State.OTHER_HOST)
                    .containsEntry(FREE, LockDirectory.State.FREE)
                    .hasSize(4);
            var dead = locks().list().stream()
                    .filter(e -> e.key().equals(java.util.Optional.of(DEAD)))
                    .findFirst()
                    .orElseThrow();
            assertThat(dead.id()).isEqualTo(RunLock.name(DEAD).substring(0, 12));
            assertThat(dead.owner())
                    .hasValueSatisfying(o ->
                            assertThat(o).contains("runbook old, user bob, command guard run old.yaml, pid 999999999"));
        }
    }

    @Test
    void clearsADeadOwnersLockByIdSoTheNextRunTakesIt() throws Exception {
        Files.createDirectories(dir());
        left(DEAD, 999_999_999, Owner.current().host());
        assertThatThrownBy(() -> take(DEAD)).hasMessageContaining("no longer running");

        String said = locks().clear(RunLock.name(DEAD).substring(0, 12));

        assertThat(said)
                .startsWith("cleared the lock on " + DEAD + " left by runbook old, user bob")
                .contains("guard audit verify");
        assertThat(states()).containsEntry(DEAD, LockDirectory.State.FREE);
        take(DEAD).close();
        assertThat(locks().clear(DEAD)).isEqualTo(DEAD + " is free: nothing to clear");
    }

    @Test
    void neverClearsALockALiveRunHolds() throws Exception {
        try (RunLock live = take(LIVE)) {
            String before = Files.readString(dir().resolve(RunLock.name(LIVE)));
            assertThatThrownBy(() -> locks().clear(LIVE))
                    .satisfies(e -> assertThat(((GuardException) e).exitCode()).isEqualTo(7))
                    .hasMessageContaining("still running")
                    .hasMessageContaining("user alice");
            assertThat(Files.readString(dir().resolve(RunLock.name(LIVE)))).isEqualTo(before);
        }
    }

    @Test
    void allStaleClearsOnlyLocksWhoseOwnerIsKnownDead() throws Exception {
        try (RunLock live = take(LIVE)) {
            left(DEAD, 999_999_999, Owner.current().host());
            left(AWAY, 1, "some-other-host");

            assertThat(locks().clearAllStale()).singleElement().asString().contains(DEAD);

            assertThat(states())
                    .containsEntry(LIVE, LockDirectory.State.HELD)
                    .containsEntry(DEAD, LockDirectory.State.FREE)
                    .containsEntry(AWAY, LockDirectory.State.OTHER_HOST);
        }
    }

    @Test
    void anUnknownNameIsExit2() {
        assertThatThrownBy(() -> locks().clear("nope"))
                .satisfies(e -> assertThat(((GuardException) e).exitCode()).isEqualTo(2))
                .hasMessageContaining("no lock 'nope'");
    }
}
