package dev.guard.sandbox.dynamodb;

import dev.guard.sandbox.server.AwsError;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** DynamoDB's JSON shapes for tables and backups. */
final class TableJson {
    private TableJson() {}

    static Map<String, Object> describe(Tables.Table t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("TableName", t.name);
        m.put("TableStatus", t.status);
        m.put("TableArn", t.arn());
        m.put("TableId", Integer.toHexString(t.arn().hashCode()));
        m.put("KeySchema", List.of(Map.of("AttributeName", t.partitionKey, "KeyType", "HASH")));
        m.put("AttributeDefinitions", List.of(Map.of("AttributeName", t.partitionKey, "AttributeType", "S")));
        m.put("CreationDateTime", t.created.getEpochSecond());
        m.put("ItemCount", 0L);
        m.put("TableSizeBytes", 0L);
        m.put("BillingModeSummary", Map.of("BillingMode", "PAY_PER_REQUEST"));
        m.put("DeletionProtectionEnabled", t.deletionProtection);
        return m;
    }

    static Map<String, Object> details(Tables.Backup b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("BackupArn", b.arn());
        m.put("BackupName", b.name());
        m.put("BackupSizeBytes", 0L);
        m.put("BackupStatus", b.status());
        m.put("BackupType", "USER");
        m.put("BackupCreationDateTime", b.created().getEpochSecond());
        return m;
    }

    static Map<String, Object> description(Tables.Backup b) {
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("TableName", b.tableName());
        source.put("TableArn", b.tableArn());
        source.put("TableId", Integer.toHexString(b.tableArn().hashCode()));
        source.put("TableCreationDateTime", b.created().getEpochSecond());
        source.put("KeySchema", List.of());
        source.put("ProvisionedThroughput", Map.of("ReadCapacityUnits", 0L, "WriteCapacityUnits", 0L));
        return Map.of("BackupDetails", details(b), "SourceTableDetails", source);
    }

    static Map<String, Object> summary(Tables.Backup b) {
        Map<String, Object> m = new LinkedHashMap<>(details(b));
        m.put("TableName", b.tableName());
        m.put("TableArn", b.tableArn());
        return m;
    }

    /** The HASH key of a CreateTable request. */
    static String partitionKey(Map<String, Object> in) {
        if (in.get("KeySchema") instanceof List<?> schema) {
            for (Object o : schema) {
                if (o instanceof Map<?, ?> k
                        && "HASH".equals(k.get("KeyType"))
                        && k.get("AttributeName") instanceof String s) {
                    return s;
                }
            }
        }
        throw new AwsError(
                400,
                "ValidationException",
                "1 validation error detected: Value null at 'keySchema' failed to"
                        + " satisfy constraint: Member must not be null");
    }
}
