package dev.guard.sandbox.seed;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A DynamoDB table: {@code status} as DescribeTable reports it, its partition key (a string), and
 * its tags as ListTagsOfResource reports them.
 */
public record SeedTable(
        String name, String status, boolean deletionProtection, String partitionKey, Map<String, String> tags) {
    public SeedTable {
        tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
    }
}
