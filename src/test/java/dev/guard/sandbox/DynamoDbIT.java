package dev.guard.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.BackupStatus;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/** DynamoDB's control plane through the real SDK: backup, deletion protection, delete. */
class DynamoDbIT {
    private static final String STAGING = "333333333333";

    private final SandboxFixture f;

    DynamoDbIT() throws Exception {
        f = new SandboxFixture();
    }

    @AfterEach
    void stop() {
        f.close();
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
