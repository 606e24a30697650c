package dev.guard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.guard.sandbox.Sandbox;
import dev.guard.sandbox.seed.SeedLoader;
import dev.guard.sandbox.server.Journal;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Two runners on "two machines" — two real {@code guard run --yes} processes with their own state
 * directories, so no lock file is shared — that share the sandbox's {@code guard-locks} table on one
 * runbook: exactly one acts (one TerminateInstances in the sandbox's journal), the other exits 7
 * at once, naming the holder, before any MFA call; and the table is empty afterwards.
 */
class SharedLockIT {
    private static final String LOCKS = "locks: {table: guard-locks, account: identity, region: us-east-1}\n";

    @TempDir
    Path home;

    @Test
    void twoRunnersSharingTheLockTableOnOneRunbookExactlyOneActs() throws Exception {
        // TerminateInstances takes 3 s in the sandbox: whichever runner wins holds the lock that long.
        String seed = Files.readString(Path.of("config/sandbox.yaml"))
                .replace(
                        "faults: []",
                        "faults:\n  - service: ec2\n    operation: TerminateInstances\n    latencyMillis: 3000\n");
        Path seedFile = home.resolve("seed.yaml");
        Files.writeString(seedFile, seed);
        Path config = config();
        try (Sandbox sandbox =
                Sandbox.start(SeedLoader.load(seedFile).world().orElseThrow(), 0, Clock.systemUTC(), l -> {})) {
            long start = System.nanoTime();
            Process a = guard(sandbox, config, "a", BulkWorld.code());
            Process b = guard(sandbox, config, "b", BulkWorld.nextCode());
            // When each process ended, seen as it ends (not when the test gets round to asking).
            var aEnded = a.onExit().thenApply(p -> System.nanoTime());
            var bEnded = b.onExit().thenApply(p -> System.nanoTime());
            var aExit = a.onExit().thenApply(p -> java.time.Instant.now());
            var bExit = b.onExit().thenApply(p -> java.time.Instant.now());
            aEnded.get(3, TimeUnit.MINUTES);
            bEnded.get(3, TimeUnit.MINUTES);

            boolean aWon = a.exitValue() == 0;
            String loser = aWon ? "b" : "a";
            String winner = aWon ? "a" : "b";
            Process lost = aWon ? b : a;
            Process won = aWon ? a : b;
            assertThat(List.of(a.exitValue(), b.exitValue()))
                    .as(out("a") + out("b"))
                    .containsExactlyInAnyOrder(0, 7);
            assertThat(err(loser))
                    .contains("is locked in DynamoDB table guard-locks by another guard run, still running")
                    .contains("command guard run runbooks/cleanup-dev-instances.yaml") // as the plan shows it
                    .contains("pid " + won.pid() + " on ")
                    .contains("Nothing was changed");
            long loserMillis = ((aWon ? bEnded : aEnded).get() - start) / 1_000_000;
            long winnerMillis = ((aWon ? aEnded : bEnded).get() - start) / 1_000_000;
            System.out.println("SharedLockIT: the loser (" + loser + ") ended after " + loserMillis
                    + " ms, the winner (" + winner + ") after " + winnerMillis + " ms");
            assertThat(loserMillis).as("the loser did not wait for the winner").isLessThan(winnerMillis);
            assertThat(out(winner)).contains("Done: ");

            List<Journal.Entry> journal = sandbox.journal().entries();
            assertThat(journal.stream().filter(e -> e.action().equals("ec2:TerminateInstances")))
                    .as("exactly one runner acted")
                    .hasSize(1);
            assertThat(journal.stream().filter(e -> e.service().equals("sts")).map(Journal.Entry::action))
                    .as("both identified themselves; only the winner then used its MFA code")
                    .containsExactlyInAnyOrder("sts:GetCallerIdentity", "sts:GetCallerIdentity", "sts:AssumeRole");
            assertThat(journal.stream().filter(e -> e.decision().equals("ConditionalCheckFailedException")))
                    .as("the loser's PutItem, refused by its condition")
                    .hasSize(1);
            java.time.Instant refusedAt = journal.stream()
                    .filter(e -> e.decision().equals("ConditionalCheckFailedException"))
                    .findFirst()
                    .orElseThrow()
                    .time();
            long exitMillis = java.time.Duration.between(refusedAt, (aWon ? bExit : aExit).get())
                    .toMillis();
            System.out.println("SharedLockIT: the loser exited " + exitMillis + " ms after its PutItem was refused");
            assertThat(exitMillis).as("exit 7 at once once refused").isLessThan(1_000L);
            long taken = journal.stream()
                    .filter(e -> e.action().equals("dynamodb:PutItem") && e.status() == 200)
                    .count();
            assertThat(taken)
                    .as("the plan's key, then the instances the selector matched")
                    .isGreaterThanOrEqualTo(2);
            assertThat(journal.stream().filter(e -> e.action().equals("dynamodb:DeleteItem") && e.status() == 200))
                    .as("the winner released every item it took")
                    .hasSize((int) taken);
            assertThat(lost.pid()).isNotEqualTo(won.pid());
        }
    }

    @Test
    void aLockTableThatCannotBeUsedStopsTheRunWithExit1InOneLineBeforeAnyMfaCall() throws Exception {
        try (Sandbox sandbox = Sandbox.start(SeedLoader.bundled(), 0, Clock.systemUTC(), l -> {})) {
            Path config = config().resolveSibling("missing-table.yaml");
            Files.writeString(
                    config, Files.readString(home.resolve("guard.yaml")).replace("guard-locks", "no-such-table"));

            var r = inProcess(sandbox, config);

            assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(1);
            assertThat(r.err().lines().filter(l -> l.contains("no-such-table")))
                    .singleElement()
                    .asString()
                    .startsWith("guard: could not take the shared lock in DynamoDB table no-such-table: ")
                    .endsWith("nothing was changed");
            assertThat(sandbox.journal().entries().stream().map(Journal.Entry::action))
                    .contains("sts:GetCallerIdentity")
                    .doesNotContain("sts:AssumeRole", "sts:GetSessionToken", "ec2:TerminateInstances");
        }
    }

    @Test
    void aLockTableInAnotherAccountThanTheCallersIsExit2() throws Exception {
        try (Sandbox sandbox = Sandbox.start(SeedLoader.bundled(), 0, Clock.systemUTC(), l -> {})) {
            Path config = config().resolveSibling("other-account.yaml");
            Files.writeString(
                    config,
                    Files.readString(home.resolve("guard.yaml"))
                            .replace("account: identity, region", "account:" + " staging, region"));

            var r = inProcess(sandbox, config);

            assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(2);
            assertThat(r.err())
                    .contains("locks.account is 333333333333, but the base credentials act as")
                    .contains("in account 111111111111");
            assertThat(sandbox.journal().entries().stream().map(Journal.Entry::service))
                    .containsOnly("sts");
        }
    }

    @Test
    void aStaleItemStopsTheRunUntilUnlockSharedClearsItAndALiveOneIsNeverCleared() throws Exception {
        try (Sandbox sandbox = Sandbox.start(SeedLoader.bundled(), 0, Clock.systemUTC(), l -> {});
                DynamoDbClient db = DynamoDbClient.builder()
                        .endpointOverride(sandbox.endpoint())
                        .region(Region.US_EAST_1)
                        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                                BulkWorld.ALICE.accessKeyId(), BulkWorld.ALICE.secretAccessKey())))
                        .httpClientBuilder(UrlConnectionHttpClient.builder())
                        .build()) {
            Path config = config();
            String key = dev.guard.lock.LockKeys.endpoint(sandbox.endpoint())
                    + " 222222222222 us-east-1 ec2 selector instances tagged env=dev, in state stopped (selector)";
            long now = java.time.Instant.now().getEpochSecond();
            // What a runner killed two minutes ago leaves: its item, its heartbeat stopped.
            db.putItem(r -> r.tableName("guard-locks").item(item(key, now - 120)));

            var refused = inProcess(sandbox, config);
            assertThat(refused.exitCode()).as(refused.out() + refused.err()).isEqualTo(7);
            assertThat(refused.err())
                    .contains("by a guard run that stopped sending heartbeats")
                    .contains("user bob, command guard run old.yaml, pid 4242 on runner-7")
                    .contains("guard unlock --shared '" + key + "'");

            var cleared = inProcess(sandbox, "unlock", "--shared", key, "--config", config.toString());
            assertThat(cleared.exitCode()).as(cleared.out() + cleared.err()).isZero();
            assertThat(cleared.out()).contains("cleared the shared lock on " + key + " left by runbook old, user bob");
            assertThat(db.getItem(r -> r.tableName("guard-locks").key(Map.of("LockID", AttributeValue.fromS(key))))
                            .hasItem())
                    .isFalse();

            var ran = inProcess(sandbox, config);
            assertThat(ran.exitCode()).as(ran.out() + ran.err()).isZero();
            assertThat(sandbox.journal().entries().stream()
                            .filter(e -> e.action().equals("ec2:TerminateInstances")))
                    .hasSize(1);

            db.putItem(r -> r.tableName("guard-locks")
                    .item(item(key, java.time.Instant.now().getEpochSecond())));
            var live = inProcess(sandbox, "unlock", "--shared", key, "--config", config.toString());
            assertThat(live.exitCode()).as(live.out() + live.err()).isEqualTo(7);
            assertThat(live.err()).contains("still running").contains("never clears a live run's lock");
            assertThat(db.getItem(r -> r.tableName("guard-locks").key(Map.of("LockID", AttributeValue.fromS(key))))
                            .hasItem())
                    .isTrue();
        }
    }

    private static Map<String, AttributeValue> item(String key, long heartbeat) {
        return Map.of(
                "LockID", AttributeValue.fromS(key),
                "owner", AttributeValue.fromS("0123456789abcdef"),
                "pid", AttributeValue.fromN("4242"),
                "host", AttributeValue.fromS("runner-7"),
                "user", AttributeValue.fromS("bob"),
                "command", AttributeValue.fromS("guard run old.yaml"),
                "runbook", AttributeValue.fromS("old"),
                "since", AttributeValue.fromS("2026-11-30T03:00:00Z"),
                "heartbeat", AttributeValue.fromN(Long.toString(heartbeat)),
                "ttl", AttributeValue.fromN(Long.toString(heartbeat + 3600)));
    }

    private CliRunner.Result inProcess(Sandbox sandbox, Path config) {
        return inProcess(
                sandbox,
                "run",
                "runbooks/cleanup-dev-instances.yaml",
                "--config",
                config.toString(),
                "--yes",
                "--mfa-code",
                BulkWorld.nextCode(),
                "--no-session-cache");
    }

    private CliRunner.Result inProcess(Sandbox sandbox, String... args) {
        return new CliRunner()
                .home(home)
                .terminal(new dev.guard.term.ScriptedTerminal(false))
                .env("AWS_ENDPOINT_URL", sandbox.endpoint().toString())
                .env("AWS_ACCESS_KEY_ID", BulkWorld.ALICE.accessKeyId())
                .env("AWS_SECRET_ACCESS_KEY", BulkWorld.ALICE.secretAccessKey())
                .run(args);
    }

    private String out(String name) throws Exception {
        return Files.readString(home.resolve(name + ".out")) + Files.readString(home.resolve(name + ".err"));
    }

    private String err(String name) throws Exception {
        return Files.readString(home.resolve(name + ".err"));
    }

    /** The bundled config with the shared lock table, and the runbooks where they are. */
    private Path config() throws Exception {
        String text = Files.readString(Path.of("config/guard.yaml"))
                .replace("dir: ../runbooks", "dir: " + Path.of("runbooks").toAbsolutePath());
        if (!text.contains("\nlocks:")) {
            text = text + "\n" + LOCKS;
        }
        Path file = home.resolve("guard.yaml");
        Files.writeString(file, text);
        return file;
    }

    /** A runner: its own HOME and state directory (another machine), no terminal, a clean environment. */
    private Process guard(Sandbox sandbox, Path config, String name, String code) throws Exception {
        Path machine = Files.createDirectories(home.resolve("machine-" + name));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(List.of(
                java,
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                "dev.guard.cli.Main",
                "run",
                Path.of("runbooks/cleanup-dev-instances.yaml").toAbsolutePath().toString(),
                "--config",
                config.toString(),
                "--yes",
                "--mfa-code",
                code,
                "--no-session-cache"));
        Map<String, String> env = pb.environment();
        env.clear();
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("HOME", machine.toString());
        env.put("XDG_STATE_HOME", machine.resolve("state").toString());
        env.put("AWS_ENDPOINT_URL", sandbox.endpoint().toString());
        env.put("AWS_ACCESS_KEY_ID", BulkWorld.ALICE.accessKeyId());
        env.put("AWS_SECRET_ACCESS_KEY", BulkWorld.ALICE.secretAccessKey());
        pb.directory(new File("").getAbsoluteFile());
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.redirectOutput(home.resolve(name + ".out").toFile());
        pb.redirectError(home.resolve(name + ".err").toFile());
        return pb.start();
    }
}
