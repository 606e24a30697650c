package dev.guard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.guard.sandbox.Sandbox;
import dev.guard.sandbox.seed.SeedLoader;
import dev.guard.sandbox.timing.Speed;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code guard sandbox --state-dir DIR} while another sandbox holds DIR: refused at once, naming it. */
@SuppressWarnings("try") // the first sandbox is held open by the try, not used
class SandboxStateDirIT {
    @Test
    void aSecondGuardSandboxOnOneStateDirRefusesToStartNamingTheFirst(@TempDir Path dir) throws Exception {
        Path state = dir.resolve("state");
        try (Sandbox first = Sandbox.start(
                SeedLoader.bundled(), 0, Clock.systemUTC(), l -> {}, Optional.of(state), l -> {}, Speed.INSTANT)) {
            var r = new CliRunner().run("sandbox", "--state-dir", state.toString(), "--port", "0");

            assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(2);
            assertThat(r.err())
                    .contains("the state directory is in use by another sandbox (pid "
                            + ProcessHandle.current().pid() + " on ")
                    .contains("another --state-dir")
                    .doesNotContain("Exception");
            assertThat(r.out()).doesNotContain("listening");
        }
    }
}
