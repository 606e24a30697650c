package dev.guard.sandbox.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.guard.sandbox.SandboxFixture;
import dev.guard.sandbox.seed.SeedLoader;
import dev.guard.sandbox.seed.SeedWorld;
import dev.guard.sandbox.server.Journal;
import dev.guard.sandbox.timing.Speed;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BackupStatus;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/**
 * DynamoDB as AWS answers it, through the Java SDK v2 and the AWS CLI v2 (skipped where absent),
 * and against moto_server where moto models it: TableNotFoundException for a backup of a missing
 * table, a CREATING table refusing item calls and changes, CREATING before ACTIVE/AVAILABLE at the
 * sandbox's speed, unmodelled members refused, ListTables paging. Refusals change nothing.
 */
class DynamoDbConformanceIT {
    private static final String STAGING = "333333333333";
    private static final String TABLE = "sessions-staging";
    private static Optional<MotoServer> moto = Optional.empty();

    @BeforeAll
    static void startMoto() throws Exception {
        moto = MotoServer.start();
    }

    @AfterAll
    static void stopMoto() {
        moto.ifPresent(MotoServer::close);
    }

    private static DynamoDbClient dynamodb(URI endpoint, AwsCredentials credentials) {
        return DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    private static DynamoDbException refused(Runnable call) {
        DynamoDbException e = catchThrowableOfType(DynamoDbException.class, call::run);
        assertThat(e).as("refused").isNotNull();
        return e;
    }

    private static void assertError(DynamoDbException e, String code, String message) {
        assertThat(e.statusCode()).isEqualTo(400);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(message);
    }

    /** The bundled seed with the privileged role also allowed item calls on its tables. */
    private static SeedWorld withItemCalls() {
        String seed = new String(SeedLoader.bundledBytes(), StandardCharsets.UTF_8)
                .replace(
                        "dynamodb:ListTagsOfResource]",
                        "dynamodb:ListTagsOfResource, dynamodb:PutItem, dynamodb:GetItem, dynamodb:UpdateItem,"
                                + " dynamodb:DeleteItem, dynamodb:Scan]");
        return SeedLoader.parse(seed.getBytes(StandardCharsets.UTF_8), Path.of("seed.yaml"))
                .world()
                .orElseThrow();
    }

    private static Map<String, AttributeValue> item(String id) {
        return Map.of("id", AttributeValue.fromS(id));
    }

    @Test
    void aBackupOfAMissingTableIsTableNotFoundAndTakesNoBackup() throws Exception {
        try (SandboxFixture f = new SandboxFixture()) {
            AwsCredentials role = f.privilegedRole(STAGING);
            DynamoDbClient ddb = f.dynamodb(role);
            assertError(
                    refused(() ->
                            ddb.createBackup(r -> r.tableName("no-such-table").backupName("before"))),
                    "TableNotFoundException",
                    "Table not found: no-such-table");
            if (AwsCliV2.present()) {
                AwsCliV2.Run cli = new AwsCliV2(f.endpoint())
                        .run(
                                AwsCliV2.credentials(role),
                                "dynamodb",
                                "create-backup",
                                "--table-name",
                                "no-such-table",
                                "--backup-name",
                                "before");
                assertThat(cli.exit()).isEqualTo(254);
                assertThat(cli.err())
                        .contains("An error occurred (TableNotFoundException) when calling the CreateBackup operation:"
                                + " Table not found: no-such-table");
            }
            assertThat(ddb.listBackups().backupSummaries()).isEmpty();
            assertThat(f.sandbox.journal().anyMutation()).isFalse();
        }
        moto.ifPresent(m -> assertError(
                refused(() -> dynamodb(m.endpoint(), MotoServer.KEYS)
                        .createBackup(r -> r.tableName("no-such-table").backupName("before"))),
                "TableNotFoundException",
                "Table not found: no-such-table"));
    }

    @Test
    void aCreatingTableTakesNoItemCallsAndNoChangesUntilItIsActive() throws Exception {
        try (SandboxFixture f = new SandboxFixture(withItemCalls(), Speed.parse("1"))) {
            DynamoDbClient ddb = f.dynamodb(f.privilegedRole(STAGING));
            assertThat(ddb.createTable(r -> SandboxFixture.keyedById(r.tableName("fresh")))
                            .tableDescription()
                            .tableStatus())
                    .isEqualTo(TableStatus.CREATING);
            int before = f.sandbox.journal().entries().size();
            for (Runnable call : List.<Runnable>of(
                    () -> ddb.putItem(r -> r.tableName("fresh").item(item("a"))),
                    () -> ddb.getItem(r -> r.tableName("fresh").key(item("a"))),
                    () -> ddb.updateItem(r -> r.tableName("fresh")
                            .key(item("a"))
                            .updateExpression("SET v = :v")
                            .expressionAttributeValues(Map.of(":v", AttributeValue.fromS("x")))),
                    () -> ddb.deleteItem(r -> r.tableName("fresh").key(item("a"))),
                    () -> ddb.scan(r -> r.tableName("fresh")))) {
                assertError(refused(call), "ResourceNotFoundException", "Requested resource not found");
            }
            String inUse = "Attempt to change a resource which is still in use: Table is being created: fresh";
            assertError(refused(() -> ddb.deleteTable(r -> r.tableName("fresh"))), "ResourceInUseException", inUse);
            assertError(
                    refused(() -> ddb.updateTable(r -> r.tableName("fresh").deletionProtectionEnabled(true))),
                    "ResourceInUseException",
                    inUse);
            assertThat(f.sandbox
                            .journal()
                            .entries()
                            .subList(before, f.sandbox.journal().entries().size()))
                    .noneMatch(Journal.Entry::mutated);

            f.clock.advance(Duration.ofSeconds(15));
            assertThat(ddb.describeTable(r -> r.tableName("fresh")).table().tableStatus())
                    .isEqualTo(TableStatus.ACTIVE);
            ddb.putItem(r -> r.tableName("fresh").item(item("a")));
            assertThat(ddb.getItem(r -> r.tableName("fresh").key(item("a"))).item())
                    .isEqualTo(item("a"));
        }
    }

    @Test
    void aBackupIsCreatingThenAvailableAtTheSandboxSpeed() throws Exception {
        try (SandboxFixture f = new SandboxFixture(Speed.parse("10"))) {
            AwsCredentials role = f.privilegedRole(STAGING);
            DynamoDbClient ddb = f.dynamodb(role);
            String arn = ddb.createBackup(r -> r.tableName(TABLE).backupName("before"))
                    .backupDetails()
                    .backupArn();
            assertThat(ddb.describeBackup(r -> r.backupArn(arn))
                            .backupDescription()
                            .backupDetails()
                            .backupStatus())
                    .isEqualTo(BackupStatus.CREATING);
            f.clock.advance(Duration.ofSeconds(1)); // 10 s at speed 10
            if (AwsCliV2.present()) {
                AwsCliV2.Run cli = new AwsCliV2(f.endpoint())
                        .run(AwsCliV2.credentials(role), "dynamodb", "describe-backup", "--backup-arn", arn);
                assertThat(cli.exit()).as(cli.err()).isZero();
                assertThat(cli.out()).contains("\"BackupStatus\": \"AVAILABLE\"");
            }
            assertThat(ddb.describeBackup(r -> r.backupArn(arn))
                            .backupDescription()
                            .backupDetails()
                            .backupStatus())
                    .isEqualTo(BackupStatus.AVAILABLE);
        }
    }

    @Test
    void membersTheSandboxDoesNotModelAreRefusedAndChangeNothing() throws Exception {
        try (SandboxFixture f = new SandboxFixture()) {
            DynamoDbClient ddb = f.dynamodb(f.privilegedRole(STAGING));
            DynamoDbException stream =
                    refused(() -> ddb.createTable(r -> SandboxFixture.keyedById(r.tableName("streamed"))
                            .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_IMAGE))));
            assertThat(stream.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
            assertThat(stream.awsErrorDetails().errorMessage()).contains("StreamSpecification");
            DynamoDbException billing =
                    refused(() -> ddb.updateTable(r -> r.tableName(TABLE).billingMode(BillingMode.PROVISIONED)));
            assertThat(billing.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
            assertThat(ddb.listTables().tableNames()).doesNotContain("streamed");
            assertThat(f.sandbox.journal().anyMutation()).isFalse();
        }
    }

    @Test
    void listTablesPagesByName() throws Exception {
        try (SandboxFixture f = new SandboxFixture()) {
            DynamoDbClient ddb = f.dynamodb(f.privilegedRole(STAGING));
            List<String> all = ddb.listTables().tableNames();
            assertThat(all).hasSizeGreaterThan(1).isSorted();
            var first = ddb.listTables(r -> r.limit(1));
            assertThat(first.tableNames()).containsExactly(all.get(0));
            assertThat(first.lastEvaluatedTableName()).isEqualTo(all.get(0));
            var rest = ddb.listTables(r -> r.exclusiveStartTableName(all.get(0)));
            assertThat(rest.tableNames()).isEqualTo(all.subList(1, all.size()));
            assertThat(rest.lastEvaluatedTableName()).isNull();
        }
    }
}
