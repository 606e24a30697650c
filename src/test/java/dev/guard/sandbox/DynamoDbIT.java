package dev.guard.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.guard.sandbox.seed.SeedLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BackupStatus;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.Tag;

/** DynamoDB's control plane through the real SDK: backup, deletion protection, delete, tags. */
class DynamoDbIT {
    private static final String STAGING = "333333333333";
    private static final String ORDERS = "arn:aws:dynamodb:us-east-1:" + STAGING + ":table/orders-staging";

    private SandboxFixture f;

    DynamoDbIT() throws Exception {
        f = new SandboxFixture();
    }

    @AfterEach
    void stop() {
        f.close();
    }

    private static Map<String, String> tags(DynamoDbClient ddb, String arn) {
        Map<String, String> out = new LinkedHashMap<>();
        ddb.listTagsOfResource(r -> r.resourceArn(arn)).tags().forEach(t -> out.put(t.key(), t.value()));
        return out;
    }

    private static String errorCode(Throwable t) {
        return ((DynamoDbException) t).awsErrorDetails().errorCode();
    }

    /** The seed, with the staging role also allowed to tag and untag tables (the bundled one is not). */
    private DynamoDbClient taggingRole(Path dir) throws Exception {
        String seed = Files.readString(Path.of("config/sandbox.yaml"))
                .replace(
                        "dynamodb:ListTagsOfResource]",
                        "dynamodb:ListTagsOfResource, dynamodb:TagResource, dynamodb:UntagResource]");
        Path file = dir.resolve("seed.yaml");
        Files.writeString(file, seed);
        f.close();
        f = new SandboxFixture(SeedLoader.load(file).orElseThrow());
        return f.dynamodb(f.privilegedRole(STAGING));
    }

    @Test
    void theSeededProtectedTableCarriesItsTagsForGuardToRead() {
        var ddb = f.dynamodb(f.privilegedRole(STAGING));
        String arn =
                ddb.describeTable(r -> r.tableName("orders-staging")).table().tableArn();
        assertThat(arn).isEqualTo(ORDERS);
        assertThat(tags(ddb, arn)).containsExactly(Map.entry("env", "staging"), Map.entry("guard:protected", "true"));
        assertThat(tags(ddb, arn.replace("orders", "sessions"))).containsExactly(Map.entry("env", "staging"));
        assertThat(f.sandbox.journal().anyMutation()).isFalse();
    }

    @Test
    void tagsAreAddedReplacedAndRemoved(@TempDir Path dir) throws Exception {
        var ddb = taggingRole(dir);
        String carts = ORDERS.replace("orders", "carts");
        f.sandbox.journal().clear();
        ddb.tagResource(r -> r.resourceArn(carts)
                .tags(
                        Tag.builder().key("owner").value("sofia").build(),
                        Tag.builder().key("env").value("qa").build(),
                        Tag.builder().key("empty").value("").build()));
        assertThat(f.sandbox.journal().anyMutation()).isTrue();
        assertThat(tags(ddb, carts))
                .containsExactly(Map.entry("env", "qa"), Map.entry("owner", "sofia"), Map.entry("empty", ""));
        // Keys it does not carry are ignored, as in AWS.
        ddb.untagResource(r -> r.resourceArn(carts).tagKeys("owner", "never-there"));
        assertThat(tags(ddb, carts)).containsExactly(Map.entry("env", "qa"), Map.entry("empty", ""));

        assertThatThrownBy(() -> ddb.tagResource(r -> r.resourceArn(carts)
                        .tags(Tag.builder().key("aws:owner").value("x").build())))
                .satisfies(t -> assertThat(errorCode(t)).isEqualTo("ValidationException"));
        assertThatThrownBy(() -> ddb.tagResource(r -> r.resourceArn(carts)
                        .tags(Tag.builder().key("k".repeat(129)).value("x").build())))
                .satisfies(t -> assertThat(errorCode(t)).isEqualTo("ValidationException"))
                .hasMessageContaining("Member must have length less than or equal to 128");
        assertThat(tags(ddb, carts)).containsOnlyKeys("env", "empty");
    }

    @Test
    void createTableKeepsItsTagsAndDeleteTableDropsThem() {
        var ddb = f.dynamodb(f.privilegedRole(STAGING));
        String arn = ddb.createTable(r -> SandboxFixture.keyedById(r.tableName("tagged-staging"))
                        .tags(Tag.builder().key("team").value("payments").build()))
                .tableDescription()
                .tableArn();
        assertThat(tags(ddb, arn)).containsExactly(Map.entry("team", "payments"));
        ddb.deleteTable(r -> r.tableName("tagged-staging"));
        assertThatThrownBy(() -> tags(ddb, arn)).isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void anUnknownTableArnIsNotFoundAndAMalformedOneIsInvalid() {
        var ddb = f.dynamodb(f.privilegedRole(STAGING));
        String missing = ORDERS.replace("orders", "missing");
        assertThatThrownBy(() -> tags(ddb, missing))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("Requested resource not found: ResourceArn: " + missing + " not found");
        for (String bad :
                List.of("orders-staging", ORDERS + "/index/by-customer", ORDERS.replace("us-east-1", "eu-west-1"))) {
            assertThatThrownBy(() -> tags(ddb, bad))
                    .satisfies(t -> assertThat(errorCode(t)).isEqualTo("ValidationException"))
                    .hasMessageContaining("Invalid TableArn: Invalid ResourceArn provided as input " + bad);
        }
    }

    @Test
    void readingAndChangingTagsNeedTheirOwnPermissions() {
        // bob has no DynamoDB permission at all.
        assertThatThrownBy(() -> tags(f.dynamodb(f.keys("bob")), ORDERS))
                .satisfies(t -> assertThat(errorCode(t)).isEqualTo("AccessDeniedException"))
                .hasMessageContaining(
                        "is not authorized to perform: dynamodb:ListTagsOfResource on resource: " + ORDERS);
        // The privileged role reads tags but may not change them: dynamodb:*Table* matches neither call.
        var ddb = f.dynamodb(f.privilegedRole(STAGING));
        f.sandbox.journal().clear();
        assertThatThrownBy(() -> ddb.untagResource(r -> r.resourceArn(ORDERS).tagKeys("guard:protected")))
                .satisfies(t -> assertThat(errorCode(t)).isEqualTo("AccessDeniedException"))
                .hasMessageContaining("dynamodb:UntagResource on resource: " + ORDERS);
        assertThatThrownBy(() -> ddb.tagResource(r -> r.resourceArn(ORDERS)
                        .tags(Tag.builder()
                                .key("guard:protected")
                                .value("false")
                                .build())))
                .satisfies(t -> assertThat(errorCode(t)).isEqualTo("AccessDeniedException"));
        assertThat(f.sandbox.journal().anyMutation()).isFalse();
        assertThat(tags(ddb, ORDERS)).containsEntry("guard:protected", "true");
        // Another account's table is out of reach: tables take no resource policies.
        assertThatThrownBy(() -> tags(ddb, ORDERS.replace(STAGING, "444444444444")))
                .satisfies(t -> assertThat(errorCode(t)).isEqualTo("AccessDeniedException"));
    }

    @Test
    void aTableIsBackedUpThenDeleted() {
        var ddb = f.dynamodb(f.privilegedRole(STAGING));
        assertThat(ddb.listTables().tableNames()).contains("orders-staging", "sessions-staging");
        assertThat(ddb.describeTable(r -> r.tableName("sessions-staging"))
                        .table()
                        .tableStatus())
                .isEqualTo(TableStatus.ACTIVE);
        var backup = ddb.createBackup(r -> r.tableName("sessions-staging").backupName("before-delete"))
                .backupDetails();
        assertThat(ddb.describeBackup(r -> r.backupArn(backup.backupArn()))
                        .backupDescription()
                        .backupDetails()
                        .backupStatus())
                .isEqualTo(BackupStatus.AVAILABLE);
        var deleted = ddb.deleteTable(r -> r.tableName("sessions-staging")).tableDescription();
        assertThat(deleted.tableStatus()).isEqualTo(TableStatus.DELETING);
        assertThatThrownBy(() -> ddb.describeTable(r -> r.tableName("sessions-staging")))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThat(ddb.listBackups(r -> r.tableName("sessions-staging")).backupSummaries())
                .hasSize(1);
    }

    @Test
    void deletionProtectionRefusesTheDeleteAndChangesNothing() {
        var ddb = f.dynamodb(f.privilegedRole(STAGING));
        f.sandbox.journal().clear();
        assertThatThrownBy(() -> ddb.deleteTable(r -> r.tableName("orders-staging")))
                .satisfies(t -> assertThat(
                                ((DynamoDbException) t).awsErrorDetails().errorCode())
                        .isEqualTo("ValidationException"))
                .hasMessageContaining("protected against deletion");
        assertThat(ddb.describeTable(r -> r.tableName("orders-staging")).table().tableStatus())
                .isEqualTo(TableStatus.ACTIVE);
        assertThat(f.sandbox.journal().anyMutation()).isFalse();
    }

    @Test
    void identityPoliciesDecide() {
        assertThatThrownBy(() -> f.dynamodb(f.keys("alice")).listTables())
                .satisfies(t -> assertThat(
                                ((DynamoDbException) t).awsErrorDetails().errorCode())
                        .isEqualTo("AccessDeniedException"));
    }
}
