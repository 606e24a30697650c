package dev.guard.cli;

import static dev.guard.cli.SandboxRuns.args;
import static dev.guard.cli.SandboxRuns.code;
import static org.assertj.core.api.Assertions.assertThat;

import dev.guard.sandbox.SandboxFixture;
import dev.guard.sandbox.timing.Speed;
import dev.guard.term.ScriptedTerminal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --speed}: a sandbox whose state changes take time makes guard's {@code wait: true}
 * really wait — and tests stay fast, because the sandbox's clock is the test's.
 */
class SandboxSpeedIT {
    private static final String TERMINATE = "runbooks/terminate-dev-instance.yaml";
    private static final String DEV = "222222222222";
    private static final String STAGING = "333333333333";
    private static final String INSTANCE = "i-0a22222222222222a";

    @TempDir
    Path dir;

    @Test
    void aWaitPollsWhileTheInstanceIsShuttingDownAndEndsWhenItIsTerminated() throws Exception {
        // Speed 10: shutting-down lasts 3 s of the sandbox's clock, which moves 3 s per DescribeInstances
        // (guard's own pauses between polls are real time: 2 s, then doubling, so few polls keep it quick).
        try (HeldSandbox sandbox = new HeldSandbox(dir, Speed.parse("10"))) {
            var f = sandbox.fixture();
            clockMovesOn(f, "ec2:DescribeInstances", Duration.ofSeconds(3));
            var r = sandbox.run(
                    new ScriptedTerminal(true, code("alice"), "development"),
                    TERMINATE,
                    "-p",
                    "instanceId=" + INSTANCE);

            assertThat(r.exitCode()).as(r.err()).isZero();
            assertThat(r.out())
                    .contains("waiting for 1 instance to be terminated")
                    .contains(INSTANCE + "  done  running → terminated")
                    .contains("Done: 1 changed");
            List<String> ec2 = sandbox.calls("ec2");
            List<String> after = ec2.subList(ec2.indexOf("ec2:TerminateInstances") + 1, ec2.size());
            // Seen shutting-down at +0 s, terminated at +3 s.
            assertThat(after).containsExactly("ec2:DescribeInstances", "ec2:DescribeInstances");
            assertThat(sandbox.changes())
                    .containsExactly("ec2:TerminateInstances arn:aws:ec2:us-east-1:" + DEV + ":instance/" + INSTANCE);
            assertThat(sandbox.instanceState(DEV, INSTANCE)).isEqualTo("terminated");
        }
    }

    @Test
    void aTableIsDeletedOnlyOnceItsBackupIsAvailable() throws Exception {
        // Speed 1: the backup is CREATING for 10 s of the sandbox's clock, which moves 10 s per DescribeBackup.
        try (HeldSandbox sandbox = new HeldSandbox(dir, Speed.parse("1"))) {
            var f = sandbox.fixture();
            clockMovesOn(f, "dynamodb:DescribeBackup", Duration.ofSeconds(10));
            // And the table is DELETING for 10 s after: guard's wait for it polls DescribeTable, which
            // must move the clock too, or the wait runs to its real-time timeout.
            clockMovesOn(f, "dynamodb:DescribeTable", Duration.ofSeconds(10));
            var r = sandbox.run(
                    new ScriptedTerminal(true, code("alice"), "sessions-staging"),
                    "runbooks/delete-staging-table.yaml",
                    "-p",
                    "tableName=sessions-staging");

            assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
            assertThat(r.out()).contains("sessions-staging  done  ACTIVE → ");
            List<String> calls = sandbox.calls("dynamodb");
            List<String> fromBackup = calls.subList(calls.indexOf("dynamodb:CreateBackup"), calls.size());
            // CREATING at +0 s, AVAILABLE at +10 s: only then the delete.
            assertThat(fromBackup.subList(0, 4))
                    .containsExactly(
                            "dynamodb:CreateBackup",
                            "dynamodb:DescribeBackup",
                            "dynamodb:DescribeBackup",
                            "dynamodb:DeleteTable");
            assertThat(sandbox.tableExists(STAGING, "sessions-staging")).isFalse();
        }
    }

    @Test
    void aRunWithSandboxTakesTheSpeedItIsGiven() {
        var r = new CliRunner()
                .terminal(new ScriptedTerminal(true, code("alice"), "development"))
                .run(args(TERMINATE, "-p", "instanceId=" + INSTANCE, "--speed", "1000"));

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("state changes run at 1000x AWS's pace (--speed)")
                .contains(INSTANCE + "  done  running → terminated")
                .contains("Done: 1 changed");
    }

    @Test
    void aSpeedThatIsNotOneIsAUsageErrorOnOneLine() {
        for (String[] line :
                List.of(args(TERMINATE, "--speed", "fast"), args(TERMINATE, "--speed", "-1"), new String[] {
                    "sandbox", "--speed", "0.001", "--port", "0"
                })) {
            var r = new CliRunner().run(line);
            assertThat(r.exitCode()).as(String.join(" ", line)).isEqualTo(2);
            assertThat(r.err().lines().findFirst().orElseThrow())
                    .contains("--speed")
                    .contains("'" + line[line.length - (line[0].equals("sandbox") ? 3 : 1)] + "'")
                    .contains("give a factor from 0.01 to 1000 (1 = AWS-like), or 0 / instant");
            assertThat(r.err()).doesNotContain("Exception");
        }
    }

    @Test
    void aSpeedNeedsASandbox() {
        var r = new CliRunner().run("whoami", "--speed", "10");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--sandbox-user, --sandbox-seed, --sandbox-accounts and --speed need --sandbox");
    }

    @Test
    void aBadSpeedInTheEnvironmentIsNamed() {
        var r = new CliRunner()
                .env("GUARD_SANDBOX_SPEED", "warp")
                .terminal(new ScriptedTerminal(true, code("alice"), "development"))
                .run(args(TERMINATE, "-p", "instanceId=" + INSTANCE));
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("GUARD_SANDBOX_SPEED: 'warp' is not a speed");
    }

    /** The sandbox's clock moves {@code step} each time it answers {@code action}: time passes as guard polls. */
    private static void clockMovesOn(SandboxFixture f, String action, Duration step) {
        f.sandbox.journal().listen(e -> {
            if (e.action().equals(action)) {
                f.clock.advance(step);
            }
        });
    }
}
