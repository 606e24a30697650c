package dev.guard.sandbox.dynamodb;

import dev.guard.sandbox.server.AwsError;
import java.util.Map;
import java.util.Set;

/**
 * Request members DynamoDB's API defines for a modelled operation but the sandbox does not model.
 * DynamoDB ignores members its API does not define (so does the sandbox); a defined one the
 * sandbox would otherwise ignore — an index, a stream, a billing change — is refused before
 * anything changes, unless it carries its default ("NONE", false), which means nothing.
 */
final class DynamoDbMembers {
    private static final Map<String, Set<String>> UNMODELLED = Map.of(
            "CreateTable",
            Set.of(
                    "GlobalSecondaryIndexes",
                    "GlobalTableSettingsReplicationMode",
                    "GlobalTableSourceArn",
                    "LocalSecondaryIndexes",
                    "OnDemandThroughput",
                    "ResourcePolicy",
                    "SSESpecification",
                    "StreamSpecification",
                    "TableClass",
                    "WarmThroughput"),
            "UpdateTable",
            Set.of(
                    "AttributeDefinitions",
                    "BillingMode",
                    "GlobalSecondaryIndexUpdates",
                    "GlobalTableSettingsReplicationMode",
                    "GlobalTableWitnessUpdates",
                    "MultiRegionConsistency",
                    "OnDemandThroughput",
                    "ProvisionedThroughput",
                    "ReplicaUpdates",
                    "SSESpecification",
                    "StreamSpecification",
                    "TableClass",
                    "WarmThroughput"),
            "ListBackups",
            Set.of("TimeRangeLowerBound", "TimeRangeUpperBound"),
            "ListTagsOfResource",
            Set.of("NextToken"),
            "PutItem",
            Set.of("ReturnConsumedCapacity", "ReturnItemCollectionMetrics"),
            "GetItem",
            Set.of("ReturnConsumedCapacity"),
            "DeleteItem",
            Set.of("ReturnConsumedCapacity", "ReturnItemCollectionMetrics"),
            "UpdateItem",
            Set.of("ReturnConsumedCapacity", "ReturnItemCollectionMetrics"),
            "Scan",
            Set.of("IndexName", "ReturnConsumedCapacity", "Select"));

    private DynamoDbMembers() {}

    static void check(String operation, Map<String, Object> in) {
        for (String member : UNMODELLED.getOrDefault(operation, Set.of())) {
            Object value = in.get(member);
            if (value != null && !"NONE".equals(value) && !Boolean.FALSE.equals(value)) {
                throw new AwsError(
                        400,
                        "ValidationException",
                        "The sandbox does not model " + member + " of " + operation
                                + ", so it refuses the request rather than ignore it.");
            }
        }
    }
}
