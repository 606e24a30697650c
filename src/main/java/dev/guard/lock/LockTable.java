package dev.guard.lock;

import dev.guard.aws.AwsClients;
import dev.guard.config.GuardConfig;
import dev.guard.credentials.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The shared lock table's four calls, each conditional (Terraform's S3-backend pattern): an item
 * per key, written only where none is, refreshed and deleted only by the holding that wrote it.
 * Table: partition key {@code LockID} (S), TTL on {@code ttl}.
 */
public final class LockTable {
    private final DynamoDbClient db;
    private final String table;

    public LockTable(DynamoDbClient db, String table) {
        this.db = db;
        this.table = table;
    }

    public String name() {
        return table;
    }

    /** A lock table and the client it is reached with, which closing lets go of. */
    public record Connected(LockTable table, AwsClients clients) implements AutoCloseable {
        @Override
        public void close() {
            clients.close();
        }
    }

    /**
     * The configured table, reached with the connection's base credentials (the caller's own
     * account, before any MFA) at its endpoint.
     */
    public static Connected connect(Connection connection, GuardConfig.Locks locks, Duration attemptTimeout) {
        AwsClients clients = new AwsClients(connection.endpoint(), attemptTimeout);
        return new Connected(
                new LockTable(clients.dynamoDb(connection.base(), locks.region()), locks.table()), clients);
    }

    /**
     * Writes {@code item} where there is no item for its key (or one past its TTL), or, with {@code
     * replacing}, where that very item still is (a stale one the operator takes over).
     *
     * @return false when another item is in the way
     */
    boolean put(SharedLockItem item, Optional<SharedLockItem> replacing, Instant now) {
        var names = new java.util.HashMap<String, String>(Map.of("#id", SharedLockItem.KEY, "#ttl", "ttl"));
        var values =
                new java.util.HashMap<String, AttributeValue>(Map.of(":now", SharedLockItem.n(now.getEpochSecond())));
        String always = "attribute_not_exists(#id) OR #ttl < :now";
        String condition = replacing.isPresent() ? always + " OR (#owner = :seen AND #hb = :seenHb)" : always;
        if (replacing.isPresent()) {
            names.put("#owner", "owner");
            names.put("#hb", "heartbeat");
            values.put(":seen", SharedLockItem.s(replacing.get().token()));
            values.put(":seenHb", SharedLockItem.n(replacing.get().heartbeat()));
        }
        try {
            db.putItem(r -> r.tableName(table)
                    .item(item.toItem())
                    .conditionExpression(condition)
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** The item for {@code key}, read consistently. */
    Optional<SharedLockItem> get(String key) {
        var item = db.getItem(r -> r.tableName(table)
                        .key(Map.of(SharedLockItem.KEY, SharedLockItem.s(key)))
                        .consistentRead(true))
                .item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(SharedLockItem.of(item));
    }

    /** A heartbeat: false when the item is gone or is another holding's now. */
    boolean refresh(String key, String token, long heartbeat, long ttl) {
        try {
            db.updateItem(r -> r.tableName(table)
                    .key(Map.of(SharedLockItem.KEY, SharedLockItem.s(key)))
                    .updateExpression("SET #hb = :hb, #ttl = :ttl")
                    .conditionExpression("#owner = :me")
                    .expressionAttributeNames(Map.of("#hb", "heartbeat", "#ttl", "ttl", "#owner", "owner"))
                    .expressionAttributeValues(Map.of(
                            ":hb", SharedLockItem.n(heartbeat),
                            ":ttl", SharedLockItem.n(ttl),
                            ":me", SharedLockItem.s(token))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /**
     * Deletes the item while it is still the one seen: the same holding and, for a stale item the
     * operator clears, the same heartbeat (a holder that came back to life keeps it).
     */
    boolean delete(String key, String token, Optional<Long> heartbeat) {
        var names = new java.util.HashMap<String, String>(Map.of("#owner", "owner"));
        var values = new java.util.HashMap<String, AttributeValue>(Map.of(":me", SharedLockItem.s(token)));
        String condition = "#owner = :me";
        if (heartbeat.isPresent()) {
            names.put("#hb", "heartbeat");
            values.put(":hb", SharedLockItem.n(heartbeat.get()));
            condition += " AND #hb = :hb";
        }
        String c = condition;
        try {
            db.deleteItem(r -> r.tableName(table)
                    .key(Map.of(SharedLockItem.KEY, SharedLockItem.s(key)))
                    .conditionExpression(c)
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }
}
