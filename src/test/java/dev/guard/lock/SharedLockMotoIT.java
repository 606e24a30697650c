package dev.guard.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.guard.error.GuardException;
import java.io.File;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The shared lock against moto_server's DynamoDB (real conditional writes, a third party's
 * implementation): take, refuse, wait, heartbeat, release, stale, take-over, clear, lost. Skipped
 * where {@code moto_server} is not on PATH. moto checks no signatures, so this is about the items
 * and their conditions, not about IAM.
 */
class SharedLockMotoIT {
    private static final String TABLE = "guard-locks";
    private static final String KEY = "aws 444444444444 us-east-1 ec2 instance i-0shared";
    private static final String OTHER = "aws 444444444444 us-east-1 ec2 instance i-0other";
    private static final LockHolder ALICE = new LockHolder("nightly", "alice", "guard run runbooks/nightly.yaml");
    private static final LockHolder BOB = new LockHolder("nightly", "bob", "guard run runbooks/nightly.yaml");
    private static final SharedLock.Timing FAST = new SharedLock.Timing(
            Duration.ofMillis(200), Duration.ofSeconds(60), Duration.ofHours(1), Duration.ofMillis(100));

    private static Process moto;
    private static DynamoDbClient db;
    private final List<SharedLock> toClose = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        Optional<Path> executable = onPath("moto_server");
        assumeTrue(executable.isPresent(), "moto_server is not on PATH");
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path log = Files.createTempFile("moto-locks", ".log");
        ProcessBuilder pb = new ProcessBuilder(executable.get().toString(), "-H", "127.0.0.1", "-p", "" + port)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("AWS_"));
        moto = pb.start();
        db = DynamoDbClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + port))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create("AKIAMOTOLOCKS0000000", "moto-accepts-any-secret-key-000000000000")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                db.createTable(r -> r.tableName(TABLE)
                        .keySchema(KeySchemaElement.builder()
                                .attributeName("LockID")
                                .keyType(KeyType.HASH)
                                .build())
                        .attributeDefinitions(AttributeDefinition.builder()
                                .attributeName("LockID")
                                .attributeType(ScalarAttributeType.S)
                                .build())
                        .billingMode("PAY_PER_REQUEST"));
                break;
            } catch (software.amazon.awssdk.core.exception.SdkClientException notYet) {
                if (System.nanoTime() > deadline || !moto.isAlive()) {
                    throw new IllegalStateException("moto_server did not start: " + Files.readString(log), notYet);
                }
                Thread.sleep(200);
            }
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (db != null) {
            db.close();
        }
        if (moto != null) {
            moto.descendants().forEach(ProcessHandle::destroy);
            moto.destroy();
            moto.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @BeforeEach
    void empty() {
        for (String k : List.of(KEY, OTHER)) {
            db.deleteItem(r -> r.tableName(TABLE).key(Map.of("LockID", AttributeValue.fromS(k))));
        }
    }

    @org.junit.jupiter.api.AfterEach
    void release() {
        toClose.forEach(SharedLock::close);
    }

    private LockTable table() {
        return new LockTable(db, TABLE);
    }

    private SharedLock take(
            List<String> keys, LockHolder who, boolean breakStale, Duration timeout, Clock clock, List<String> said) {
        SharedLock lock = SharedLock.take(table(), keys, who, breakStale, timeout, FAST, clock, said::add);
        toClose.add(lock);
        return lock;
    }

    private Map<String, AttributeValue> item(String key) {
        return db.getItem(r -> r.tableName(TABLE)
                        .key(Map.of("LockID", AttributeValue.fromS(key)))
                        .consistentRead(true))
                .item();
    }

    private static Clock at(Instant instant) {
        return Clock.fixed(instant, ZoneOffset.UTC);
    }

    @Test
    void aRunTakesOneItemPerKeyNamingItselfWithHeartbeatAndTtl() {
        Instant now = Instant.now();
        take(List.of(KEY, OTHER), ALICE, false, Duration.ZERO, Clock.systemUTC(), new ArrayList<>());

        Map<String, AttributeValue> item = item(KEY);
        assertThat(item.get("user").s()).isEqualTo("alice");
        assertThat(item.get("command").s()).isEqualTo("guard run runbooks/nightly.yaml");
        assertThat(item.get("pid").n())
                .isEqualTo(Long.toString(ProcessHandle.current().pid()));
        assertThat(item.get("host").s()).isEqualTo(Owner.current().host());
        long heartbeat = Long.parseLong(item.get("heartbeat").n());
        assertThat(heartbeat).isBetween(now.getEpochSecond() - 1, now.getEpochSecond() + 5);
        assertThat(Long.parseLong(item.get("ttl").n())).isEqualTo(heartbeat + 3600);
        assertThat(item(OTHER)).isNotEmpty();
    }

    @Test
    void aSecondRunIsRefusedAtOnceWithExit7NamingTheHolderAndHoldsNothing() {
        take(List.of(KEY), ALICE, false, Duration.ZERO, Clock.systemUTC(), new ArrayList<>());
        long start = System.nanoTime();

        assertThatThrownBy(() ->
                        take(List.of(OTHER, KEY), BOB, false, Duration.ZERO, Clock.systemUTC(), new ArrayList<>()))
                .isInstanceOf(GuardException.class)
                .satisfies(e -> assertThat(((GuardException) e).exitCode()).isEqualTo(7))
                .hasMessageContaining(
                        KEY + " is locked in DynamoDB table guard-locks by another guard run, still running")
                .hasMessageContaining("user alice, command guard run runbooks/nightly.yaml")
                .hasMessageContaining("Nothing was changed");

        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1_000L);
        assertThat(item(OTHER)).as("the key it took first was let go").isEmpty();
        assertThat(item(KEY).get("user").s()).isEqualTo("alice");
    }

    @Test
    void theHeartbeatMovesHeartbeatAndTtlAndReleaseDeletesTheItem() throws Exception {
        MovingClock clock = new MovingClock(Instant.now());
        SharedLock lock = take(List.of(KEY), ALICE, false, Duration.ZERO, clock, new ArrayList<>());
        long first = Long.parseLong(item(KEY).get("heartbeat").n());
        clock.advance(Duration.ofSeconds(30));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (Long.parseLong(item(KEY).get("heartbeat").n()) == first && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        Map<String, AttributeValue> beaten = item(KEY);
        assertThat(Long.parseLong(beaten.get("heartbeat").n())).isEqualTo(first + 30);
        assertThat(Long.parseLong(beaten.get("ttl").n())).isEqualTo(first + 30 + 3600);
        assertThat(lock.lost()).isEmpty();

        lock.close();
        assertThat(item(KEY)).isEmpty();
    }

    @Test
    void aRunWithATimeoutWaitsForTheHolderToReleaseThenTakesIt() throws Exception {
        SharedLock first =
                SharedLock.take(table(), List.of(KEY), ALICE, false, Duration.ZERO, FAST, Clock.systemUTC(), s -> {});
        CompletableFuture.runAsync(() -> {
            try {
                Thread.sleep(800);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            first.close();
        });
        List<String> said = new ArrayList<>();
        take(List.of(KEY), BOB, false, Duration.ofSeconds(20), Clock.systemUTC(), said);

        assertThat(said)
                .singleElement()
                .asString()
                .startsWith("waiting for the shared lock on " + KEY + " held by runbook nightly, user alice")
                .endsWith("(up to 20s)");
        assertThat(item(KEY).get("user").s()).isEqualTo("bob");
    }

    @Test
    void aKeyTakenFirstKeepsBeatingWhileTheRunWaitsForTheNext() throws Exception {
        MovingClock clock = new MovingClock(Instant.now());
        SharedLock other = SharedLock.take(table(), List.of(OTHER), ALICE, false, Duration.ZERO, FAST, clock, s -> {});
        // Bob takes KEY, then waits for alice's OTHER.
        CompletableFuture<SharedLock> bob = CompletableFuture.supplyAsync(
                () -> take(List.of(KEY, OTHER), BOB, false, Duration.ofMinutes(5), clock, new ArrayList<>()));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (item(KEY).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(bob).as("bob waits").isNotDone();
        long first = Long.parseLong(item(KEY).get("heartbeat").n());
        // Under staleAfter, so alice's item (beating on the same clock) stays live and bob keeps waiting.
        clock.advance(Duration.ofSeconds(30));
        while (item(KEY).containsKey("heartbeat")
                && Long.parseLong(item(KEY).get("heartbeat").n()) == first
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(bob).as("bob still waits").isNotDone();
        assertThat(Long.parseLong(item(KEY).get("heartbeat").n()))
                .as("KEY beat while bob waited")
                .isEqualTo(first + 30);
        assertThat(bob).isNotDone();

        other.close();
        bob.get(10, TimeUnit.SECONDS);
        assertThat(item(OTHER).get("user").s()).isEqualTo("bob");
    }

    @Test
    void aStaleItemIsReportedNotTakenThenTakenOverOnlyWithBreakLock() {
        Instant then = Instant.now();
        SharedLock dead = SharedLock.take(table(), List.of(KEY), ALICE, false, Duration.ZERO, FAST, at(then), s -> {});
        dead.abandon(); // what kill -9 leaves: the item, and no heartbeat
        Clock later = at(then.plusSeconds(90));

        assertThatThrownBy(() -> take(List.of(KEY), BOB, false, Duration.ofMinutes(5), later, new ArrayList<>()))
                .satisfies(e -> assertThat(((GuardException) e).exitCode()).isEqualTo(7))
                .hasMessageContaining("stopped sending heartbeats")
                .hasMessageContaining("user alice")
                .hasMessageContaining("(90 s ago)")
                .hasMessageContaining("guard unlock --shared '" + KEY + "'");
        assertThat(item(KEY).get("user").s()).isEqualTo("alice");

        List<String> said = new ArrayList<>();
        take(List.of(KEY), BOB, true, Duration.ZERO, later, said);
        assertThat(said)
                .singleElement()
                .asString()
                .startsWith("took over the shared lock on " + KEY)
                .contains("alice");
        assertThat(item(KEY).get("user").s()).isEqualTo("bob");
    }

    @Test
    void unlockSharedClearsOnlyAStaleItem() {
        Instant then = Instant.now();
        SharedLock live = SharedLock.take(table(), List.of(KEY), ALICE, false, Duration.ZERO, FAST, at(then), s -> {});
        live.abandon();

        assertThatThrownBy(() -> SharedLock.clear(table(), KEY, FAST, at(then.plusSeconds(10))))
                .satisfies(e -> assertThat(((GuardException) e).exitCode()).isEqualTo(7))
                .hasMessageContaining("still running");
        assertThat(item(KEY)).isNotEmpty();

        assertThat(SharedLock.clear(table(), KEY, FAST, at(then.plusSeconds(61))))
                .startsWith("cleared the shared lock on " + KEY + " left by runbook nightly, user alice");
        assertThat(item(KEY)).isEmpty();
        assertThat(SharedLock.clear(table(), KEY, FAST, at(then.plusSeconds(61))))
                .startsWith("no shared lock on");
    }

    @Test
    void aHolderWhoseItemWasClearedKnowsItLostTheLock() throws Exception {
        SharedLock lock = take(List.of(KEY), ALICE, false, Duration.ZERO, Clock.systemUTC(), new ArrayList<>());
        db.deleteItem(r -> r.tableName(TABLE).key(Map.of("LockID", AttributeValue.fromS(KEY))));
        take(List.of(KEY), BOB, false, Duration.ZERO, Clock.systemUTC(), new ArrayList<>());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (lock.lost().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(lock.lost()).hasValueSatisfying(why -> assertThat(why).contains("cleared or taken by another run"));
        lock.close();
        assertThat(item(KEY).get("user").s())
                .as("its release leaves bob's item alone")
                .isEqualTo("bob");
    }

    @Test
    void aTableThatDoesNotExistIsExit1AndOneLine() {
        assertThatThrownBy(() -> SharedLock.take(
                        new LockTable(db, "no-such-table"),
                        List.of(KEY),
                        ALICE,
                        false,
                        Duration.ZERO,
                        FAST,
                        Clock.systemUTC(),
                        s -> {}))
                .satisfies(e -> assertThat(((GuardException) e).exitCode()).isEqualTo(1))
                .hasMessageStartingWith(
                        "could not take the shared lock in DynamoDB table no-such-table: ResourceNotFoundException")
                .hasMessageEndingWith("nothing was changed")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    /** A clock the test moves; the heartbeat reads it. */
    static final class MovingClock extends Clock {
        private volatile Instant now;

        MovingClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    private static Optional<Path> onPath(String name) {
        for (String dir : Optional.ofNullable(System.getenv("PATH")).orElse("").split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
