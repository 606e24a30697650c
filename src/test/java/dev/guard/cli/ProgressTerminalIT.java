package dev.guard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.guard.sandbox.seed.SeedLoader;
import dev.guard.sandbox.seed.Totp;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live progress line on a real pseudo-terminal ({@code script}), against a sandbox seeded to
 * answer DescribeInstances slowly: the line is drawn in a scroll region that reserves the last row
 * (JLine's Status), says what is under way, and the whole screen is given back before the run's
 * last line.
 */
class ProgressTerminalIT {
    private static final String ESC = "\u001b";

    @TempDir
    Path home;

    @Test
    void aSlowReadIsShownOnALiveLineThatGivesTheScreenBackWhenItEnds() throws Exception {
        PtyGuard.assumeAvailable();
        Path seed = PtyGuard.seedWithFault(home, "{service: ec2, operation: DescribeInstances, latencyMillis: 1500}");
        String code = Totp.code(
                SeedLoader.bundled()
                        .userByName("alice")
                        .orElseThrow()
                        .mfaDevice()
                        .orElseThrow()
                        .base32Secret(),
                Instant.now());
        PtyGuard guard = PtyGuard.start(
                home,
                "cols 120 rows 30",
                "--config",
                TestConfig.write(home).toString(),
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
        try (guard) {
            guard.await("exit code \\d+");
            guard.exits(0);
        }
        String text = guard.text();
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
