package dev.guard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.guard.sandbox.Sandbox;
import dev.guard.term.ScriptedTerminal;
import dev.guard.term.Terminal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two runs on one resource, through the real CLI against one sandbox: the second is refused before
 * it changes anything, naming the first; a lock left by a run that died is reported, not taken.
 */
class RunLockIT {
    @TempDir
    Path home;

    private Sandbox sandbox;

    @AfterEach
    void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    private CliRunner cli(Terminal terminal) {
        return new CliRunner()
                .home(home)
                .terminal(terminal)
                .env("AWS_ENDPOINT_URL", sandbox.endpoint().toString())
                .env("AWS_ACCESS_KEY_ID", BulkWorld.ALICE.accessKeyId())
                .env("AWS_SECRET_ACCESS_KEY", BulkWorld.ALICE.secretAccessKey());
    }

    private long deleteObjectsCalls() {
        return sandbox.journal().entries().stream()
                .filter(e -> e.action().equals("s3:DeleteObjects"))
                .count();
    }

    /** A terminal that holds the typed confirmation until the test lets it go. */
    private static final class HeldConfirmation implements Terminal {
        final CountDownLatch asked = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final String answer;

        HeldConfirmation() {
            this("production");
        }

        HeldConfirmation(String answer) {
            this.answer = answer;
        }

        @Override
        public boolean interactive() {
            return true;
        }

        @Override
        public Optional<String> readSecret(String prompt) {
            return Optional.empty(); // the code comes from --mfa-code
        }

        @Override
        public void println(String line) {}

        @Override
        public Optional<String> readLine(String prompt) {
            asked.countDown();
            try {
                release.await(2, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Optional.of(answer);
        }
    }

    @Test
    void aSelectorRunIsRefusedOnAnInstanceAnotherRunHoldsByItsId() throws Exception {
        sandbox = Sandbox.start(dev.guard.sandbox.seed.SeedLoader.bundled(), 0, Clock.systemUTC(), line -> {});
        String terminate =
                Path.of("runbooks/terminate-dev-instance.yaml").toAbsolutePath().toString();
        String cleanup =
                Path.of("runbooks/cleanup-dev-instances.yaml").toAbsolutePath().toString();
        HeldConfirmation held = new HeldConfirmation("development");
        CompletableFuture<CliRunner.Result> first = CompletableFuture.supplyAsync(() -> cli(held)
                .run(
                        "run",
                        terminate,
                        "-p",
                        "instanceId=i-0a22222222222222c",
                        "--mfa-code",
                        BulkWorld.code(),
                        "--no-session-cache"));
        assertThat(held.asked.await(2, TimeUnit.MINUTES))
                .as("the first run reached its confirmation")
                .isTrue();

        // The selector (stopped env=dev instances) matches i-0a22222222222222c too.
        var second = cli(new ScriptedTerminal(true, "development"))
                .run("run", cleanup, "--mfa-code", BulkWorld.nextCode(), "--no-session-cache");

        assertThat(second.exitCode()).as(second.out() + second.err()).isEqualTo(7);
        assertThat(second.err())
                .contains("ec2 instance i-0a22222222222222c is locked by another guard run, still running")
                .contains("Nothing was changed");
        assertThat(sandbox.journal().entries().stream()
                        .filter(e -> e.action().equals("ec2:TerminateInstances"))
                        .count())
                .isZero();

        held.release.countDown();
        var done = first.get(2, TimeUnit.MINUTES);
        assertThat(done.exitCode()).as(done.out() + done.err()).isZero();
    }

    @Test
    void withLockTimeoutTheSecondRunWaitsSayingSoOnceAndActsWhenTheFirstEnds() throws Exception {
        sandbox = Sandbox.start(BulkWorld.seed(home, 5, ""), 0, Clock.systemUTC(), line -> {});
        Path runbook = BulkWorld.runbook(home, false);
        HeldConfirmation held = new HeldConfirmation();
        String code = BulkWorld.code();
        CompletableFuture<CliRunner.Result> first = CompletableFuture.supplyAsync(
                () -> cli(held).run("run", runbook.toString(), "--mfa-code", code, "--no-session-cache"));
        assertThat(held.asked.await(2, TimeUnit.MINUTES)).isTrue();

        CompletableFuture<CliRunner.Result> second =
                CompletableFuture.supplyAsync(() -> cli(new ScriptedTerminal(true, "production"))
                        .run(
                                "run",
                                runbook.toString(),
                                "--lock-timeout",
                                "2m",
                                "--mfa-code",
                                BulkWorld.nextCode(),
                                "--no-session-cache"));
        Thread.sleep(1_500);
        assertThat(second)
                .as("the second run waits while the first holds the bucket")
                .isNotDone();
        assertThat(deleteObjectsCalls()).isZero();

        held.release.countDown();
        var done = first.get(2, TimeUnit.MINUTES);
        assertThat(done.exitCode()).as(done.out() + done.err()).isZero();
        var after = second.get(2, TimeUnit.MINUTES);
        assertThat(after.exitCode()).as(after.out() + after.err()).isZero();
        assertThat(after.err())
                .containsOnlyOnce("waiting for the lock on ")
                .contains("s3 bucket guard-protected-artifacts held by runbook empty-bulk")
                .contains("(up to 2m)");
        assertThat(after.out()).contains("Acting as"); // it went on once the lock was free
    }

    @Test
    void aSecondRunOfTheSamePrefixIsRefusedWhileTheFirstWaitsAtItsConfirmation() throws Exception {
        sandbox = Sandbox.start(BulkWorld.seed(home, 2500, ""), 0, Clock.systemUTC(), line -> {});
        Path runbook = BulkWorld.runbook(home, false);
        String code = BulkWorld.code();
        HeldConfirmation held = new HeldConfirmation();
        CompletableFuture<CliRunner.Result> first = CompletableFuture.supplyAsync(
                () -> cli(held).run("run", runbook.toString(), "--mfa-code", code, "--no-session-cache"));
        assertThat(held.asked.await(2, TimeUnit.MINUTES))
                .as("the first run reached its confirmation")
                .isTrue();

        var second = cli(new ScriptedTerminal(true, "production"))
                .run("run", runbook.toString(), "--mfa-code", BulkWorld.nextCode(), "--no-session-cache");

        assertThat(second.exitCode()).as(second.out() + second.err()).isEqualTo(7);
        assertThat(second.err())
                .contains("s3 bucket guard-protected-artifacts is locked by another guard run, still running")
                .contains("runbook empty-bulk, user " + System.getProperty("user.name") + ", command guard run "
                        + runbook + ", pid " + ProcessHandle.current().pid() + " on ")
                .contains("Nothing was changed");
        assertThat(second.out()).doesNotContain("Acting as"); // refused before any AWS call
        assertThat(deleteObjectsCalls()).isZero();

        held.release.countDown();
        var done = first.get(2, TimeUnit.MINUTES);
        assertThat(done.exitCode()).as(done.out() + done.err()).isZero();
        assertThat(done.out()).contains("Done: 2500 changed");
        assertThat(deleteObjectsCalls())
                .as("one set of DeleteObjects: 2,500 keys in batches of 1,000")
                .isEqualTo(3);
    }

    @Test
    void aLockLeftByARunThatDiedIsReportedNamingItAndTheRunChangesNothing() throws Exception {
        sandbox = Sandbox.start(BulkWorld.seed(home, 5, ""), 0, Clock.systemUTC(), line -> {});
        Path runbook = BulkWorld.runbook(home, false);
        // A first run on another prefix of the bucket leaves its (released) lock file behind.
        var first = cli(new ScriptedTerminal(true, "production"))
                .run("run", runbook.toString(), "--mfa-code", BulkWorld.code(), "--no-session-cache");
        assertThat(first.exitCode()).as(first.out() + first.err()).isZero();
        Path locks = home.resolve(".local/state/guard/locks");
        Path lock;
        try (var files = Files.list(locks)) {
            lock = files.toList().get(0);
        }
        assertThat(Files.readString(lock)).contains("\"released\":").doesNotContain("\"pid\"");
        // What a run killed with -9 leaves: its name, and no process holding the lock.
        Files.writeString(
                lock,
                "{\"runbook\":\"empty-bulk\",\"pid\":999999999,\"host\":\""
                        + dev.guard.lock.Owner.current().host() + "\",\"since\":\"2026-11-30T03:00:00Z\"}\n");
        long before = sandbox.journal().entries().size();

        var again = cli(new ScriptedTerminal(true, "production"))
                .run("run", runbook.toString(), "--mfa-code", BulkWorld.nextCode(), "--no-session-cache");

        assertThat(again.exitCode()).as(again.out() + again.err()).isEqualTo(7);
        assertThat(again.err())
                .contains("is locked by a guard run that is no longer running (killed or crashed)")
                .contains("runbook empty-bulk, pid 999999999 on "
                        + dev.guard.lock.Owner.current().host() + ", since 2026-11-30T03:00:00Z")
                .contains("guard unlock " + lock.getFileName().toString().substring(0, 12))
                .contains("--break-lock");
        assertThat(sandbox.journal().entries()).hasSize((int) before);

        // guard unlock lists it as left by a dead process, clears it by that id, and the next run acts.
        var list = cli(new ScriptedTerminal(false)).run("unlock");
        assertThat(list.exitCode()).as(list.out() + list.err()).isZero();
        assertThat(list.out())
                .contains(lock.getFileName().toString().substring(0, 12) + "  left by a dead process")
                .contains("pid 999999999");
        var cleared = cli(new ScriptedTerminal(false))
                .run("unlock", lock.getFileName().toString().substring(0, 12));
        assertThat(cleared.exitCode()).as(cleared.out() + cleared.err()).isZero();
        assertThat(cleared.out()).contains("cleared the lock on").contains("pid 999999999");
        var after = cli(new ScriptedTerminal(true, "production"))
                .run("run", runbook.toString(), "--mfa-code", BulkWorld.nextCode(), "--no-session-cache");
        assertThat(after.exitCode()).as(after.out() + after.err()).isZero();
    }
}
