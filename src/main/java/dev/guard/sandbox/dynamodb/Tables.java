package dev.guard.sandbox.dynamodb;

import dev.guard.sandbox.timing.Settling;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The sandbox's DynamoDB tables and backups, per account and region. */
public final class Tables {
    /** A table: enough of it for guard's control-plane calls. */
    public static final class Table {
        final String account;
        final String region;
        final String name;
        final String partitionKey;
        final Instant created;
        volatile String status;
        // When CREATING becomes ACTIVE, or DELETING ends with the table gone; null when nothing is under way.
        volatile Instant settlesAt;
        volatile boolean deletionProtection;
        /** The attribute Time to Live is enabled on; null while it is disabled. */
        volatile String ttlAttribute;
        // Insertion order, so ListTagsOfResource answers the same way every time.
        private final Map<String, String> tags = new LinkedHashMap<>();
        // Items by their partition key's value (every sandbox table has one string key). Item
        // calls synchronize on the table, so a conditional write is atomic, as in DynamoDB.
        final Map<String, Map<String, Object>> items = new LinkedHashMap<>();

        Table(
                String account,
                String region,
                String name,
                String partitionKey,
                String status,
                boolean deletionProtection,
                Instant created) {
            this.account = account;
            this.region = region;
            this.name = name;
            this.partitionKey = partitionKey;
            this.status = status;
            this.deletionProtection = deletionProtection;
            this.created = created;
        }

        synchronized Map<String, String> tags() {
            return new LinkedHashMap<>(tags);
        }

        /** Adds {@code more}, replacing the values of keys already present (TagResource). */
        synchronized void tag(Map<String, String> more) {
            tags.putAll(more);
        }

        /** Removes {@code keys}; keys the table does not carry are ignored (UntagResource). */
        synchronized void untag(Collection<String> keys) {
            tags.keySet().removeAll(keys);
        }

        String arn() {
            return "arn:aws:dynamodb:" + region + ":" + account + ":table/" + name;
        }
    }

    /** An on-demand backup of a table; {@code settlesAt} is when a CREATING one becomes AVAILABLE. */
    public record Backup(
            String arn,
            String name,
            String tableName,
            String tableArn,
            String account,
            String region,
            Instant created,
            String status,
            Optional<Instant> settlesAt) {
        Backup available() {
            return new Backup(arn, name, tableName, tableArn, account, region, created, "AVAILABLE", Optional.empty());
        }
    }

    /**
     * A table's durable fields, for the state file; {@code items} are JSON texts of the items
     * (attribute values exactly as DynamoDB's JSON carries them) by their key's value.
     */
    public record TableSnapshot(
            String account,
            String region,
            String name,
            String partitionKey,
            String status,
            boolean deletionProtection,
            Instant created,
            Map<String, String> tags,
            Optional<String> ttlAttribute,
            Map<String, String> items,
            Optional<Instant> settlesAt) {
        public TableSnapshot {
            tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
            items = Collections.unmodifiableMap(new LinkedHashMap<>(items));
        }
    }

    private final Map<String, Table> tables = new ConcurrentHashMap<>();
    private final Map<String, Backup> backups = new ConcurrentHashMap<>();

    private static String key(String account, String region, String name) {
        return account + "/" + region + "/" + name;
    }

    public void add(
            String account,
            String region,
            String name,
            String partitionKey,
            String status,
            boolean deletionProtection,
            Instant created,
            Map<String, String> tags) {
        Table table = new Table(account, region, name, partitionKey, status, deletionProtection, created);
        table.tag(tags);
        tables.put(key(account, region, name), table);
    }

    /** Enables Time to Live on {@code attribute} of a table (the seed's ttlAttribute). */
    public void timeToLive(String account, String region, String name, String attribute) {
        find(account, region, name).orElseThrow().ttlAttribute = attribute;
    }

    /**
     * Ends every transition that is over at {@code now}: a CREATING table becomes ACTIVE, a
     * DELETING one is gone, a CREATING backup becomes AVAILABLE. Each request settles the world
     * before it reads it, so what it sees is what AWS would show at that moment.
     */
    synchronized void settle(Instant now) {
        for (Table t : List.copyOf(tables.values())) {
            if (Settling.due(t.settlesAt, now)) {
                t.settlesAt = null;
                if (t.status.equals("DELETING")) {
                    remove(t);
                } else {
                    t.status = "ACTIVE";
                }
            }
        }
        for (Backup b : List.copyOf(backups.values())) {
            if (Settling.due(b.settlesAt().orElse(null), now)) {
                backups.put(b.arn(), b.available());
            }
        }
    }

    Optional<Table> find(String account, String region, String name) {
        return Optional.ofNullable(tables.get(key(account, region, name)));
    }

    boolean remove(Table table) {
        return tables.remove(key(table.account, table.region, table.name)) != null;
    }

    Iterable<Table> all() {
        return tables.values();
    }

    void addBackup(Backup backup) {
        backups.put(backup.arn(), backup);
    }

    Optional<Backup> backup(String arn) {
        return Optional.ofNullable(backups.get(arn));
    }

    Iterable<Backup> backups() {
        return backups.values();
    }

    /** Every table, as the state file stores it. */
    public List<TableSnapshot> snapshots() {
        return tables.values().stream().map(Tables::snapshot).toList();
    }

    private static TableSnapshot snapshot(Table t) {
        Map<String, String> items = new LinkedHashMap<>();
        synchronized (t) {
            t.items.forEach((key, item) ->
                    items.put(key, new String(dev.guard.sandbox.server.JsonBody.write(item), StandardCharsets.UTF_8)));
        }
        return new TableSnapshot(
                t.account,
                t.region,
                t.name,
                t.partitionKey,
                t.status,
                t.deletionProtection,
                t.created,
                t.tags(),
                Optional.ofNullable(t.ttlAttribute),
                items,
                Optional.ofNullable(t.settlesAt));
    }

    public void restore(TableSnapshot t) {
        add(
                t.account(),
                t.region(),
                t.name(),
                t.partitionKey(),
                t.status(),
                t.deletionProtection(),
                t.created(),
                t.tags());
        Table table = find(t.account(), t.region(), t.name()).orElseThrow();
        table.ttlAttribute = t.ttlAttribute().orElse(null);
        table.settlesAt = t.settlesAt().orElse(null);
        t.items().forEach((key, json) -> {
            try {
                byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
                table.items.put(key, AttributeValues.item(dev.guard.sandbox.server.JsonBody.parse(bytes), "item"));
            } catch (dev.guard.sandbox.server.AwsError e) {
                throw new IllegalArgumentException("table " + t.name() + ", item " + key + ": " + e.getMessage(), e);
            }
        });
    }

    /** Every backup, for the state file. */
    public List<Backup> backupList() {
        return List.copyOf(backups.values());
    }

    public void restore(Backup backup) {
        addBackup(backup);
    }
}
