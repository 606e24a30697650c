package dev.guard.aws;

import static dev.guard.aws.ScriptedEndpoint.error;
import static dev.guard.aws.ScriptedEndpoint.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.guard.aws.ScriptedEndpoint.Late;
import dev.guard.aws.ScriptedEndpoint.Lost;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/**
 * The retry layer with the real SDK client, as guard builds it ({@link AwsClients}: no SDK retries,
 * 1 s attempt timeout here), against an endpoint that answers from a script: what is retried, how
 * often, with pauses that grow, and what is never repeated. The endpoint counts the attempts.
 */
class CallsOnTheWireTest {
    private static final String TABLE = "{\"Table\":{\"TableName\":\"orders\",\"TableStatus\":\"ACTIVE\"}}";
    private static final String BACKUP = "{\"BackupDetails\":{\"BackupArn\":\"arn:aws:dynamodb:us-east-1:333333333333:"
            + "table/orders/backup/01\",\"BackupName\":\"orders-guard\",\"BackupStatus\":\"CREATING\","
            + "\"BackupCreationDateTime\":1.7E9}}";
    private static final Pattern RETRY_IN = Pattern.compile("retry (\\d+) in (\\d+) ms");

    private final List<String> notices = new ArrayList<>();
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private ScriptedEndpoint endpoint(String otherwise) throws Exception {
        ScriptedEndpoint e = new ScriptedEndpoint(ok(otherwise));
        open.add(e);
        return e;
    }

    private DynamoDbClient dynamo(ScriptedEndpoint endpoint) {
        return dynamo(endpoint.uri());
    }

    private DynamoDbClient dynamo(java.net.URI endpoint) {
        AwsClients clients = new AwsClients(Optional.of(endpoint), Duration.ofSeconds(1));
        open.add(clients);
        DynamoDbClient client = clients.dynamoDb(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDSCRIPTED", "not-a-secret")),
                "us-east-1");
        open.add(client);
        return client;
    }

    private Calls calls(long initialBackoffMillis) {
        return new Calls(6, Duration.ofMillis(initialBackoffMillis), notices::add);
    }

    private static Supplier<TableStatus> describe(DynamoDbClient dynamo) {
        return () -> dynamo.describeTable(b -> b.tableName("orders")).table().tableStatus();
    }

    /** The waits the notices announced, in order. */
    private List<Long> announcedWaits() {
        List<Long> waits = new ArrayList<>();
        for (String n : notices) {
            Matcher m = RETRY_IN.matcher(n);
            assertThat(m.find()).as(n).isTrue();
            waits.add(Long.parseLong(m.group(2)));
        }
        return waits;
    }

    @Test
    void throttlingIsRetriedWithPausesThatGrow() throws Exception {
        ScriptedEndpoint endpoint = endpoint(TABLE);
        for (int i = 0; i < 4; i++) {
            endpoint.then(error(400, "ThrottlingException"));
        }

        assertThat(calls(100).call("DescribeTable", describe(dynamo(endpoint)))).isEqualTo(TableStatus.ACTIVE);

        assertThat(endpoint.received).hasSize(5);
        assertThat(notices)
                .hasSize(4)
                .allSatisfy(n -> assertThat(n).startsWith("DescribeTable: ThrottlingException; retry"));
        // Doubling with ±50% jitter: the 4th wait (800 ms ± 400) is always longer than the 1st (100 ± 50).
        List<Long> waits = announcedWaits();
        assertThat(waits.get(0)).isBetween(50L, 150L);
        assertThat(waits.get(3)).isBetween(400L, 1200L).isGreaterThan(waits.get(0));
        // And the client really paused so: measured between the requests the endpoint received.
        List<Long> pauses = endpoint.pausesMillis();
        assertThat(pauses.get(0)).isGreaterThanOrEqualTo(waits.get(0) - 5);
        assertThat(pauses.get(3)).isGreaterThanOrEqualTo(waits.get(3) - 5).isGreaterThan(pauses.get(0));
    }

    @Test
    void throttlingThatNeverEndsGivesUpAfterSixAttemptsWithTheServiceError() throws Exception {
        ScriptedEndpoint endpoint = new ScriptedEndpoint(error(400, "ThrottlingException"));
        open.add(endpoint);

        assertThatThrownBy(() -> calls(5).call("DescribeTable", describe(dynamo(endpoint))))
                .isInstanceOfSatisfying(
                        AwsServiceException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ThrottlingException"));
        assertThat(endpoint.received).hasSize(6);
    }

    @Test
    void fiveHundredsAreRetried() throws Exception {
        ScriptedEndpoint endpoint =
                endpoint(TABLE).then(error(500, "InternalServerError"), error(503, "ServiceUnavailable"));

        assertThat(calls(5).call("DescribeTable", describe(dynamo(endpoint)))).isEqualTo(TableStatus.ACTIVE);

        assertThat(endpoint.received).hasSize(3);
        assertThat(notices)
                .extracting(n -> n.replaceAll(" in \\d+ ms", ""))
                .containsExactly(
                        "DescribeTable: InternalServerError; retry 1", "DescribeTable: ServiceUnavailable; retry 2");
    }

    @Test
    void aLostReplyIsRetriedForAReadOrAChange() throws Exception {
        ScriptedEndpoint endpoint = endpoint(TABLE).then(new Lost());

        assertThat(calls(5).call("DescribeTable", describe(dynamo(endpoint)))).isEqualTo(TableStatus.ACTIVE);
        assertThat(endpoint.received).hasSize(2);
        assertThat(notices).singleElement().asString().startsWith("DescribeTable: connection problem (");

        ScriptedEndpoint change = endpoint(
                        "{\"TableDescription\":{\"TableName\":\"orders\",\"TableStatus\":\"DELETING\"}}")
                .then(new Lost());
        DynamoDbClient dynamo = dynamo(change);
        Calls.Changed<TableStatus> deleted = calls(5).change(
                        "DeleteTable",
                        () -> dynamo.deleteTable(b -> b.tableName("orders"))
                                .tableDescription()
                                .tableStatus());
        assertThat(deleted.value()).isEqualTo(TableStatus.DELETING);
        assertThat(deleted.afterUnknown())
                .as("the lost first attempt may have deleted it")
                .isTrue();
        assertThat(change.received).hasSize(2);
    }

    @Test
    void aDenialOrAValidationErrorFailsAtOnce() throws Exception {
        for (String code : List.of("AccessDeniedException", "ValidationException", "ResourceNotFoundException")) {
            ScriptedEndpoint endpoint = endpoint(TABLE).then(error(400, code));

            assertThatThrownBy(() -> calls(5).call("DescribeTable", describe(dynamo(endpoint))))
                    .as(code)
                    .isInstanceOfSatisfying(
                            AwsServiceException.class,
                            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code));
            assertThat(endpoint.received).as(code).hasSize(1);
        }
        assertThat(notices).isEmpty();
    }

    @Test
    void anAttemptThatTimesOutIsRetriedOnceOnly() throws Exception {
        ScriptedEndpoint endpoint = new ScriptedEndpoint(ok(TABLE));
        open.add(endpoint);
        endpoint.then(new Late(2_500, ok(TABLE)), new Late(2_500, ok(TABLE)), new Late(2_500, ok(TABLE)));

        assertThatThrownBy(() -> calls(5).call("DescribeTable", describe(dynamo(endpoint))))
                .isInstanceOfSatisfying(
                        SdkException.class, e -> assertThat(Calls.timedOut(e)).isTrue());
        assertThat(endpoint.received).hasSize(2);
        assertThat(notices).singleElement().asString().startsWith("DescribeTable: no answer in time; retry 1");
    }

    @Test
    void aCallSpendingAnMfaCodeIsNotRepeatedWhenItMayHaveBeenCarriedOut() throws Exception {
        for (ScriptedEndpoint.Reply unknown : List.<ScriptedEndpoint.Reply>of(
                error(500, "InternalServerError"), new Lost(), new Late(2_500, ok(TABLE)))) {
            ScriptedEndpoint endpoint = endpoint(TABLE).then(unknown);
            DynamoDbClient dynamo = dynamo(endpoint);

            assertThatThrownBy(() -> calls(5).once("GetSessionToken", describe(dynamo)))
                    .as(unknown.toString())
                    .isInstanceOf(SdkException.class);
            assertThat(endpoint.received).as(unknown.toString()).hasSize(1);
        }
        assertThat(notices).isEmpty();
    }

    @Test
    void aCallSpendingAnMfaCodeIsRepeatedWhenItWasThrottledForThenItCertainlyWasNotUsed() throws Exception {
        ScriptedEndpoint endpoint = endpoint(TABLE).then(error(400, "ThrottlingException"));

        assertThat(calls(5).once("GetSessionToken", describe(dynamo(endpoint)))).isEqualTo(TableStatus.ACTIVE);
        assertThat(endpoint.received).hasSize(2);
    }

    /**
     * DeleteTableOperation takes its backup with {@link Calls#once}: a second CreateBackup after an
     * answer that may have made one would leave two backups, so a 5xx, a lost reply or a timeout is
     * never repeated (the operation then looks for the backup by name; see OutcomeTruthIT).
     */
    @Test
    void createBackupIsNeverRepeatedAfterAnAttemptThatMayHaveMadeTheBackup() throws Exception {
        for (ScriptedEndpoint.Reply unknown : List.<ScriptedEndpoint.Reply>of(
                error(500, "InternalServerError"),
                error(503, "ServiceUnavailable"),
                new Lost(),
                new Late(2_500, ok(BACKUP)))) {
            ScriptedEndpoint endpoint = endpoint(BACKUP).then(unknown);
            DynamoDbClient dynamo = dynamo(endpoint);

            assertThatThrownBy(() -> calls(5).once(
                                    "CreateBackup",
                                    () -> dynamo.createBackup(
                                                    b -> b.tableName("orders").backupName("orders-guard"))
                                            .backupDetails()
                                            .backupArn()))
                    .as(unknown.toString())
                    .isInstanceOfSatisfying(
                            SdkException.class,
                            e -> assertThat(Calls.outcomeUnknown(e)).isTrue());
            assertThat(endpoint.received)
                    .as(unknown.toString())
                    .singleElement()
                    .satisfies(r -> assertThat(r.target()).isEqualTo("DynamoDB_20120810.CreateBackup"));
        }
        assertThat(notices).isEmpty();
    }

    @Test
    void aConnectionRefusedIsRetriedEvenForAnMfaCallForNothingWasSent() throws Exception {
        // A port held by a socket that never listens: refused, and no other test can take it meanwhile.
        try (java.net.Socket holder = new java.net.Socket()) {
            holder.bind(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0));
            DynamoDbClient dynamo = dynamo(java.net.URI.create("http://127.0.0.1:" + holder.getLocalPort()));

            assertThatThrownBy(() -> calls(1).once("GetSessionToken", describe(dynamo)))
                    .isInstanceOf(SdkClientException.class);
        }
        assertThat(notices)
                .hasSize(5)
                .allSatisfy(n -> assertThat(n).contains("connection problem (connection refused)"));
    }
}
