package dev.guard.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.guard.sandbox.seed.SeedLoader;
import dev.guard.sandbox.seed.Totp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live progress line on a real pseudo-terminal ({@code script}), against a sandbox seeded to
 * answer DescribeInstances slowly: the line is drawn in a scroll region that reserves the last row
 * (JLine's Status), says what is under way, and the whole screen is given back before the run's
 * last line.
 */
class ProgressTerminalIT {
    private static final Path SCRIPT = Path.of("/usr/bin/script");
    private static final Path JAR = Path.of("target/guard.jar").toAbsolutePath();
    private static final String ESC = "\u001b";

    @TempDir
    Path home;

    @Test
    void aSlowReadIsShownOnALiveLineThatGivesTheScreenBackWhenItEnds() throws Exception {
        assumeTrue(Files.isExecutable(SCRIPT), "util-linux script gives the child a pseudo-terminal");
        assumeTrue(Files.isRegularFile(JAR), "target/guard.jar is built by the package phase");
        Path seed = home.resolve("seed.yaml");
        Files.writeString(
                seed,
                Files.readString(Path.of("config/sandbox.yaml"))
                        .replace(
                                "\nfaults: []",
                                "\nfaults:\n  - {service: ec2, operation: DescribeInstances, latencyMillis: 1500}"));
        Path config = home.resolve("guard.yaml");
        Files.writeString(
                config,
                Files.readString(Path.of("config/guard.yaml"))
                        .replace(
                                "~/.local/state/guard/audit.jsonl",
                                home.resolve("audit.jsonl").toString()));
        String code = Totp.code(
                SeedLoader.bundled()
                        .userByName("alice")
                        .orElseThrow()
                        .mfaDevice()
                        .orElseThrow()
                        .base32Secret(),
                Instant.now());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String command = String.join(
                " ",
                "stty cols 120 rows 30;",
                "exec",
                java,
                "-Duser.home=" + home,
                "-jar",
                JAR.toString(),
                "--config",
                config.toString(),
                "run",
                "--sandbox",
                "--sandbox-seed",
                seed.toString(),
                "--dry-run",
                "--mfa-code",
                code,
                "runbooks/terminate-dev-instance.yaml",
                "-p",
                "instanceId=i-0a22222222222222a");
        ProcessBuilder pb =
                new ProcessBuilder(SCRIPT.toString(), "-qfec", command, "/dev/null").redirectErrorStream(true);
        pb.environment().remove("NO_COLOR");
        pb.environment().put("HOME", home.toString());
        pb.environment().put("XDG_CACHE_HOME", home.resolve("cache").toString());
        pb.environment().put("XDG_STATE_HOME", home.resolve("state").toString());
        pb.environment().put("XDG_CONFIG_HOME", home.resolve("config").toString());
        pb.environment().put("TERM", "xterm");
        Process guard = pb.start();
        CtrlCTerminalIT.Screen screen = new CtrlCTerminalIT.Screen(guard.getInputStream());
        try {
            screen.await(Pattern.compile("exit code \\d+"));
            assertThat(guard.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(guard.exitValue()).as(screen.text()).isZero();
        } finally {
            guard.destroyForcibly();
        }
        String text = screen.text();
        int shown = text.indexOf("reading targets of step 1/1 › ec2 DescribeInstances in development … ");
        assertThat(shown).as(text).isPositive();
        // The last row reserved (a scroll region of rows 1-29) before the line is drawn ...
        int reserved = text.lastIndexOf(ESC + "[1;29r", shown);
        assertThat(reserved).as(text).isPositive();
        // ... and the whole screen given back (rows 1-30) before the run's last line.
        int givenBack = text.indexOf(ESC + "[1;30r", shown);
        assertThat(givenBack).as(text).isPositive().isLessThan(text.indexOf("Done: dry run"));
        assertThat(text.substring(text.indexOf("Done: dry run"))).doesNotContain("reading targets");
        assertThat(text).doesNotContain("Exception");
    }
}
