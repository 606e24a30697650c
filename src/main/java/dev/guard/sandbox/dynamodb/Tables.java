package dev.guard.sandbox.dynamodb;

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
        volatile boolean deletionProtection;
        // Insertion order, so ListTagsOfResource answers the same way every time.
        private final Map<String, String> tags = new LinkedHashMap<>();

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

    /** An on-demand backup of a table. */
    public record Backup(
            String arn,
            String name,
            String tableName,
            String tableArn,
            String account,
            String region,
            Instant created,
            String status) {}

    /** A table's durable fields, for the state file. */
    public record TableSnapshot(
            String account,
            String region,
            String name,
            String partitionKey,
            String status,
            boolean deletionProtection,
            Instant created,
            Map<String, String> tags) {
        public TableSnapshot {
            tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
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
        return tables.values().stream()
                .map(t -> new TableSnapshot(
                        t.account,
                        t.region,
                        t.name,
                        t.partitionKey,
                        t.status,
                        t.deletionProtection,
                        t.created,
                        t.tags()))
                .toList();
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
    }

    /** Every backup, for the state file. */
    public List<Backup> backupList() {
        return List.copyOf(backups.values());
    }

    public void restore(Backup backup) {
        addBackup(backup);
    }
}
