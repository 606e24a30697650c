package dev.guard.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.guard.sandbox.persist.StateException;
import dev.guard.sandbox.seed.SeedLoader;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One sandbox per {@code --state-dir}: two would keep two worlds in memory, overwrite each other's
 * saves and each accept the same MFA code once.
 */
class StateDirLockIT {
    @TempDir
    Path temp;

    private static Sandbox start(Path dir) throws Exception {
        return Sandbox.start(SeedLoader.bundled(), 0, Clock.systemUTC(), line -> {}, Optional.of(dir), line -> {});
    }

    @Test
    void aSecondSandboxOnTheSameStateDirRefusesToStartNamingTheFirst() throws Exception {
        Path dir = temp.resolve("state");
        try (SandboxFixture first = new SandboxFixture(dir)) {
            assertThat(first.endpoint()).isNotNull();
            assertThatThrownBy(() -> start(dir))
                    .isInstanceOf(StateException.class)
                    .hasMessageContaining("in use by another sandbox (pid "
                            + ProcessHandle.current().pid() + " on ")
                    .hasMessageContaining("another --state-dir");
            // Another directory is fine meanwhile.
            start(temp.resolve("other")).close();
        }
        // Once the first has stopped, the directory is free again.
        start(dir).close();
    }
}
