package dev.guard.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.guard.sandbox.seed.SeedLoader;
import dev.guard.sandbox.seed.Totp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * guard exec as its own process, stopped as a supervisor stops it (SIGTERM to guard's pid only):
 * the command it started must not outlive it with the credentials it was handed.
 */
class ExecSignalIT {
    private static final Path JAR = Path.of("target/guard.jar").toAbsolutePath();

    @TempDir
    Path home;

    @Test
    void sigtermToGuardStopsTheCommandItRuns() throws Exception {
        assumeTrue(Files.isRegularFile(JAR), "target/guard.jar is built by the package phase");
        String secret = SeedLoader.bundled()
                .userByName("alice")
                .orElseThrow()
                .mfaDevice()
                .orElseThrow()
                .base32Secret();
        Path pidFile = home.resolve("child.pid");
        ProcessBuilder pb = new ProcessBuilder(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-jar",
                        JAR.toString(),
                        "exec",
                        "--sandbox",
                        "--mfa-code",
                        Totp.code(secret, Instant.now()),
                        "--",
                        "sh",
                        "-c",
                        "echo $$ > " + pidFile + "; exec sleep 120"))
                .redirectErrorStream(true)
                .redirectOutput(home.resolve("guard.out").toFile());
        pb.environment().put("HOME", home.toString());
        pb.environment().put("XDG_CACHE_HOME", home.resolve("cache").toString());
        pb.environment().put("XDG_STATE_HOME", home.resolve("state").toString());
        pb.environment().put("XDG_CONFIG_HOME", home.resolve("config").toString());
        Process guard = pb.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!(Files.exists(pidFile) && !Files.readString(pidFile).isBlank()) && System.nanoTime() < deadline) {
            assertThat(guard.isAlive()).as(() -> output()).isTrue();
            Thread.sleep(100);
        }
        long childPid = Long.parseLong(Files.readString(pidFile).trim());
        ProcessHandle child = ProcessHandle.of(childPid).orElseThrow();

        guard.destroy(); // SIGTERM to guard alone, as systemd's KillMode=process or a plain kill does
        assertThat(guard.waitFor(30, TimeUnit.SECONDS)).isTrue();
        child.onExit().get(30, TimeUnit.SECONDS);
        assertThat(child.isAlive()).isFalse();
    }

    private String output() {
        try {
            return Files.readString(home.resolve("guard.out"));
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
