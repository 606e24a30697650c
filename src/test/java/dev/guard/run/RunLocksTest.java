package dev.guard.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.guard.action.StopSignal;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class RunLocksTest {
    @Test
    void aLostSharedLockRaisesTheRunsStopSignalNamingWhy() {
        AtomicReference<Optional<String>> lost = new AtomicReference<>(Optional.empty());
        StopSignal stop = RunLocks.watch(StopSignal.NEVER, lost::get);
        assertThat(stop.requested()).isFalse();
        assertThat(stop.cause()).isEqualTo("Ctrl-C");

        lost.set(Optional.of("the shared lock on k was cleared or taken by another run"));

        assertThat(stop.requested()).isTrue();
        assertThat(stop.stopWaiting())
                .as("a call in flight is still waited for")
                .isFalse();
        assertThat(stop.cause()).isEqualTo("a lost lock (the shared lock on k was cleared or taken by another run)");
    }
}
