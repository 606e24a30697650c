package dev.guard.sandbox.seed;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A DynamoDB table: {@code status} as DescribeTable reports it, its partition key (a string), and
 * its tags as ListTagsOfResource reports them; {@code ttlAttribute}, when present, is the item attribute
 * Time to Live is enabled on (DescribeTimeToLive).
 */
public record SeedTable(
        String name,
        String status,
        boolean deletionProtection,
        String partitionKey,
        Optional<String> ttlAttribute,
        Map<String, String> tags) {
    public SeedTable {
        tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
    }
}
