package dev.guard.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.guard.sandbox.server.Journal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/**
 * DynamoDB items through the real SDK, on the seed's lock table (guard-locks: key LockID, TTL
 * attribute ttl): the conditional writes a shared lock is made of, each outcome checked against
 * the table itself and the journal.
 */
class DynamoDbItemsIT {
    private static final String TABLE = "guard-locks";
    private static final String LOCK = "runbook/cleanup-dev-instances";

    private SandboxFixture f;

    DynamoDbItemsIT() throws Exception {
        f = new SandboxFixture();
    }

    @AfterEach
    void stop() {
        f.close();
    }

    private DynamoDbClient ddb(String user) {
        return f.dynamodb(f.keys(user));
    }

    private static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    private static AttributeValue n(long v) {
        return AttributeValue.fromN(Long.toString(v));
    }

    private static Map<String, AttributeValue> key() {
        return Map.of("LockID", s(LOCK));
    }

    private long now() {
        return f.clock.instant().getEpochSecond();
    }

    /** The lock item as the runner sees it (ConsistentRead, as a lock must read). */
    private Map<String, AttributeValue> stored() {
        var r = ddb("scheduler").getItem(g -> g.tableName(TABLE).key(key()).consistentRead(true));
        return r.hasItem() ? r.item() : Map.of();
    }

    /** Takes the lock if it is free, or expired: the put a lock holder makes. */
    private void acquire(String user, long expiresAt) {
        ddb(user)
                .putItem(p -> p.tableName(TABLE)
                        .item(Map.of("LockID", s(LOCK), "holder", s(user), "ttl", n(expiresAt)))
                        .conditionExpression("attribute_not_exists(LockID) OR #ttl < :now")
                        .expressionAttributeNames(Map.of("#ttl", "ttl"))
                        .expressionAttributeValues(Map.of(":now", n(now()))));
    }

    private Journal.Entry lastEntry() {
        List<Journal.Entry> entries = f.sandbox.journal().entries();
        return entries.get(entries.size() - 1);
    }

    @Test
    void aConditionalPutTakesAFreeLockAndASecondOneFailsWithoutChangingIt() {
        acquire("alice", now() + 300);
        Journal.Entry taken = lastEntry();

        assertThatThrownBy(() -> acquire("carol", now() + 300))
                .isInstanceOf(ConditionalCheckFailedException.class)
                .satisfies(t -> {
                    var e = (ConditionalCheckFailedException) t;
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ConditionalCheckFailedException");
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("The conditional request failed");
                });
        Journal.Entry refused = lastEntry();

        assertThat(stored()).containsEntry("holder", s("alice"));
        assertThat(taken.action()).isEqualTo("dynamodb:PutItem");
        assertThat(taken.resource()).isEqualTo("arn:aws:dynamodb:us-east-1:111111111111:table/guard-locks");
        assertThat(taken.mutated()).isTrue();
        assertThat(refused.decision()).isEqualTo("ConditionalCheckFailedException");
        assertThat(refused.mutated()).isFalse();
    }

    @Test
    void ofRacingConditionalPutsExactlyOneWins() throws Exception {
        List<String> racers = List.of("alice", "bob", "carol", "scheduler");
        var pool = java.util.concurrent.Executors.newFixedThreadPool(racers.size());
        var start = new java.util.concurrent.CountDownLatch(1);
        try {
            List<java.util.concurrent.Future<Boolean>> won = new java.util.ArrayList<>();
            for (String user : racers) {
                DynamoDbClient client = ddb(user);
                won.add(pool.submit(() -> {
                    start.await();
                    try {
                        client.putItem(p -> p.tableName(TABLE)
                                .item(Map.of("LockID", s(LOCK), "holder", s(user)))
                                .conditionExpression("attribute_not_exists(LockID)"));
                        return true;
                    } catch (ConditionalCheckFailedException e) {
                        return false;
                    }
                }));
            }
            start.countDown();
            List<String> winners = new java.util.ArrayList<>();
            for (int i = 0; i < racers.size(); i++) {
                if (won.get(i).get()) {
                    winners.add(racers.get(i));
                }
            }
            assertThat(winners).hasSize(1);
            assertThat(stored()).containsEntry("holder", s(winners.get(0)));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anExpiredLockIsGoneAndMayBeTakenOver() {
        acquire("alice", now() + 60);
        f.clock.advance(Duration.ofSeconds(61));

        // The sandbox deletes an expired item at once (DynamoDB: within days; guard relies on neither).
        assertThat(stored()).isEmpty();
        acquire("carol", now() + 300);
        assertThat(stored()).containsEntry("holder", s("carol"));
        var ttl = ddb("scheduler").describeTimeToLive(d -> d.tableName(TABLE)).timeToLiveDescription();
        assertThat(ttl.timeToLiveStatus()).isEqualTo(TimeToLiveStatus.ENABLED);
        assertThat(ttl.attributeName()).isEqualTo("ttl");
    }

    @Test
    void theHolderExtendsAndReleasesWithConditionsOnItsName() {
        acquire("alice", now() + 60);
        var heartbeat = ddb("alice")
                .updateItem(u -> u.tableName(TABLE)
                        .key(key())
                        .updateExpression("SET #ttl = :later, beats = if_not_exists(beats, :zero) + :one")
                        .conditionExpression("holder = :me")
                        .expressionAttributeNames(Map.of("#ttl", "ttl"))
                        .expressionAttributeValues(
                                Map.of(":later", n(now() + 600), ":zero", n(0), ":one", n(1), ":me", s("alice")))
                        .returnValues(ReturnValue.ALL_NEW));
        assertThat(heartbeat.attributes())
                .containsEntry("ttl", n(now() + 600))
                .containsEntry("beats", n(1))
                .containsEntry("holder", s("alice"));

        assertThatThrownBy(() -> ddb("carol")
                        .deleteItem(d -> d.tableName(TABLE)
                                .key(key())
                                .conditionExpression("holder = :me")
                                .expressionAttributeValues(Map.of(":me", s("carol")))))
                .isInstanceOf(ConditionalCheckFailedException.class);
        assertThat(stored()).containsEntry("holder", s("alice"));

        var released = ddb("alice")
                .deleteItem(d -> d.tableName(TABLE)
                        .key(key())
                        .conditionExpression("holder = :me")
                        .expressionAttributeValues(Map.of(":me", s("alice")))
                        .returnValues(ReturnValue.ALL_OLD));
        assertThat(lastEntry().action()).isEqualTo("dynamodb:DeleteItem");
        assertThat(lastEntry().mutated()).isTrue();
        assertThat(released.attributes()).containsEntry("beats", n(1));
        assertThat(stored()).isEmpty();
    }

    @Test
    void everyAttributeTypeComesBackAsItWasStored() {
        Map<String, AttributeValue> item = Map.of(
                "LockID", s("types"),
                "s", s("héllo"),
                "n", AttributeValue.fromN("-12.50"),
                "yes", AttributeValue.fromBool(true),
                "nothing", AttributeValue.fromNul(true),
                "b", AttributeValue.fromB(SdkBytes.fromUtf8String("bytes")),
                "m", AttributeValue.fromM(Map.of("pid", n(42), "host", s("h1"))),
                "l", AttributeValue.fromL(List.of(s("a"), n(1), AttributeValue.fromBool(false))),
                "ss", AttributeValue.fromSs(List.of("x", "y")),
                "ns", AttributeValue.fromNs(List.of("1", "2.5")));
        ddb("alice").putItem(p -> p.tableName(TABLE).item(item));

        var back = ddb("alice").getItem(g -> g.tableName(TABLE).key(Map.of("LockID", s("types"))));
        assertThat(back.item()).isEqualTo(item);
        var projected = ddb("alice")
                .getItem(g -> g.tableName(TABLE)
                        .key(Map.of("LockID", s("types")))
                        .projectionExpression("#s, m")
                        .expressionAttributeNames(Map.of("#s", "s")));
        assertThat(projected.item()).containsOnlyKeys("s", "m");
    }

    @Test
    void keysAndExpressionsAreValidatedWithDynamoDbsMessages() {
        assertValidation(
                () -> ddb("alice").putItem(p -> p.tableName(TABLE).item(Map.of("holder", s("alice")))),
                "One or more parameter values were invalid: Missing the key LockID in the item");
        assertValidation(
                () -> ddb("alice").putItem(p -> p.tableName(TABLE).item(Map.of("LockID", n(1)))),
                "One or more parameter values were invalid: Type mismatch for key LockID expected: S actual: N");
        assertValidation(
                () -> ddb("alice").getItem(g -> g.tableName(TABLE).key(Map.of("LockID", s(LOCK), "holder", s("x")))),
                "The provided key element does not match the schema");
        assertValidation(
                () -> ddb("alice")
                        .updateItem(u -> u.tableName(TABLE)
                                .key(key())
                                .updateExpression("SET ttl = :t")
                                .expressionAttributeValues(Map.of(":t", n(1)))),
                "Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: ttl");
        assertValidation(
                () -> ddb("alice")
                        .putItem(p -> p.tableName(TABLE)
                                .item(key())
                                .conditionExpression("attribute_not_exists(LockID)")
                                .expressionAttributeValues(Map.of(":unused", n(1)))),
                "Value provided in ExpressionAttributeValues unused in expressions: keys: {:unused}");
        assertThat(f.sandbox.journal().anyMutation()).isFalse();
        assertThat(stored()).isEmpty();
    }

    private static void assertValidation(Runnable call, String message) {
        assertThatThrownBy(call::run).isInstanceOf(DynamoDbException.class).satisfies(t -> {
            var e = (DynamoDbException) t;
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(message);
        });
    }

    @Test
    void itemCallsAreAuthorizedAgainstTheTableArn() {
        assertThatThrownBy(() -> acquire("sofia", now() + 60))
                .isInstanceOf(DynamoDbException.class)
                .satisfies(t -> assertThat(
                                ((DynamoDbException) t).awsErrorDetails().errorMessage())
                        .isEqualTo("User: arn:aws:iam::111111111111:user/sofia is not authorized to perform:"
                                + " dynamodb:PutItem on resource:"
                                + " arn:aws:dynamodb:us-east-1:111111111111:table/guard-locks because no"
                                + " identity-based policy allows the dynamodb:PutItem action"));
        assertThat(stored()).isEmpty();
        // The lock table's users may not change the table itself.
        assertThatThrownBy(() -> ddb("scheduler")
                        .updateTimeToLive(u -> u.tableName(TABLE)
                                .timeToLiveSpecification(t -> t.enabled(false).attributeName("ttl"))))
                .isInstanceOf(DynamoDbException.class)
                .satisfies(t -> assertThat(
                                ((DynamoDbException) t).awsErrorDetails().errorCode())
                        .isEqualTo("AccessDeniedException"));
        assertThatThrownBy(() ->
                        ddb("alice").getItem(g -> g.tableName("no-such-table").key(key())))
                .isInstanceOf(DynamoDbException.class)
                .satisfies(t -> assertThat(
                                ((DynamoDbException) t).awsErrorDetails().errorCode())
                        .isEqualTo("AccessDeniedException"));
    }

    @Test
    void itemsAndTimeToLivePersistWithTheStateDirectory(@TempDir Path dir) throws Exception {
        f.close();
        f = new SandboxFixture(dir);
        long expires = now() + 3600;
        acquire("alice", expires);
        f.close();

        f = new SandboxFixture(dir);
        assertThat(stored()).containsEntry("holder", s("alice")).containsEntry("ttl", n(expires));
        assertThat(ddb("alice")
                        .describeTimeToLive(d -> d.tableName(TABLE))
                        .timeToLiveDescription()
                        .attributeName())
                .isEqualTo("ttl");
    }
}
