package dev.guard.sandbox.seed;

/** A DynamoDB table: {@code status} as DescribeTable reports it, its partition key (a string). */
public record SeedTable(String name, String status, boolean deletionProtection, String partitionKey) {}
