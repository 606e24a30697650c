package dev.guard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code guard shell --sandbox} as an operator meets it: a child process on a pseudo-terminal
 * (util-linux {@code script}), keys typed as keys — Tab, Ctrl-C, Up-arrow — and the screen read as
 * it comes. The sandbox's seed makes TerminateInstances slow, so the Ctrl-C typed just after the
 * confirmation lands during the run (before or during that call: the test cannot tell which).
 */
class ShellTerminalIT {
    /** Up-arrow as xterm sends it in the application-cursor mode JLine turns on ({@code \e[?1h}). */
    private static final String UP = "\u001bOA";

    @TempDir
    Path home;

    @Test
    void completeRunInterruptLeaveAndRecall() throws Exception {
        PtyGuard.assumeAvailable();
        Path config = TestConfig.write(home);
        Path seed = PtyGuard.seedWithFault(home, "{service: ec2, operation: TerminateInstances, latencyMillis: 3000}");

        PtyGuard first = shell(config, seed);
        String code;
        try (first) {
            first.await("alice@identity > ");
            // Tab completes the runbook's name, then its parameter's.
            first.type("run term\t");
            first.await("run terminate-dev-instance ");
            first.type("-p inst\t");
            first.await("-p instanceId=");
            first.type("i-0a22222222222222a\r");
            code = first.answerMfaPrompt();
            first.await("Type 'development' to terminate 1 instance");
            first.type("development\r");
            // JLine turns bracketed paste off when it accepts the line: the answer is taken.
            first.await("\u001b\\[\\?2004l");
            first.type("\u0003"); // during the slow TerminateInstances
            first.await("alice@identity mfa 1\\dh\\d\\dm > ");
            first.type("exit\r");
            first.exits(0);
        }
        String run = first.text();
        assertThat(run)
                .contains("Ctrl-C: stopping before the next change; a call in flight completes")
                // Sent already (done) or not yet (skipped): either way reported, never left unsaid.
                .containsPattern("i-0a22222222222222a  (done|skipped)")
                .contains("Stopped: interrupted by Ctrl-C")
                .doesNotContain("Exception");
        // The outcome ends with its exit code, and the shell does not repeat it.
        assertThat(run.split("exit code 130", -1)).hasSize(2);
        List<String> records = Files.readAllLines(home.resolve("audit.jsonl"));
        assertThat(records.get(records.size() - 1))
                .contains("\"event\":\"run.end\"")
                .contains("\"exitCode\":130");

        Path history = home.resolve("state/guard/shell_history");
        assertThat(Files.getPosixFilePermissions(history)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.readString(history))
                .contains("run terminate-dev-instance -p instanceId=i-0a22222222222222a")
                .doesNotContain(code)
                .doesNotContain(":development");

        // A new shell: Up-arrow brings back the last command of the one before.
        try (PtyGuard second = shell(config, seed)) {
            second.await("alice@identity > ");
            second.type(UP);
            second.await("run terminate-dev-instance -p instanceId=i-0a22222222222222a");
            second.type("\u0015exit\r"); // Ctrl-U: the recalled line is not run
            second.exits(0);
        }
    }

    /** {@code guard shell --sandbox} on a pseudo-terminal of its own. */
    private PtyGuard shell(Path config, Path seed) throws IOException {
        return PtyGuard.start(
                home,
                "cols 160 rows 50",
                "--no-color",
                "--config",
                config.toString(),
                "shell",
                "--sandbox",
                "--sandbox-seed",
                seed.toString());
    }
}
