package dev.guard.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.guard.sandbox.timing.Speed;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BackupStatus;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableInUseException;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;

/**
 * State changes that take time, through the real SDK, at AWS's pace (speed 1) on the fixture's
 * clock: nothing ends until the test moves the clock past it, and then it has ended.
 */
class TransitionsIT {
    private static final String DEVELOPMENT = "222222222222";
    private static final String STAGING = "333333333333";
    private static final String RUNNING = "i-0a22222222222222a";
    private static final String STOPPED = "i-0a22222222222222c";

    private static InstanceStateName state(Ec2Client ec2, String id) {
        return SandboxFixture.describe(ec2, id).state().name();
    }

    private static TableStatus status(DynamoDbClient ddb, String table) {
        return ddb.describeTable(r -> r.tableName(table)).table().tableStatus();
    }

    @Test
    void aTerminatedInstanceIsShuttingDownForThirtySecondsThenTerminated() throws Exception {
        try (SandboxFixture f = new SandboxFixture(Speed.parse("1"))) {
            Ec2Client ec2 = f.ec2(f.privilegedRole(DEVELOPMENT));
            var change = ec2.terminateInstances(r -> r.instanceIds(RUNNING))
                    .terminatingInstances()
                    .get(0);
            assertThat(change.currentState().name()).isEqualTo(InstanceStateName.SHUTTING_DOWN);
            assertThat(state(ec2, RUNNING)).isEqualTo(InstanceStateName.SHUTTING_DOWN);
            // The state filter sees the transitional state too.
            assertThat(ec2.describeInstances(r -> r.filters(Filter.builder()
                                    .name("instance-state-name")
                                    .values("shutting-down")
                                    .build()))
                            .reservations())
                    .hasSize(1);

            f.clock.advance(Duration.ofSeconds(20));
            f.sandbox.journal().clear();
            // Terminating it again reports it unchanged and does not restart the shutdown.
            var again = ec2.terminateInstances(r -> r.instanceIds(RUNNING))
                    .terminatingInstances()
                    .get(0);
            assertThat(again.previousState().name()).isEqualTo(InstanceStateName.SHUTTING_DOWN);
            assertThat(again.currentState().name()).isEqualTo(InstanceStateName.SHUTTING_DOWN);
            assertThat(f.sandbox.journal().anyMutation()).isFalse();

            f.clock.advance(Duration.ofSeconds(9));
            assertThat(state(ec2, RUNNING)).isEqualTo(InstanceStateName.SHUTTING_DOWN);
            f.clock.advance(Duration.ofSeconds(1));
            assertThat(state(ec2, RUNNING)).isEqualTo(InstanceStateName.TERMINATED);
        }
    }

    @Test
    void aStoppedInstanceIsStoppingThenStoppedAndAStartedOnePendingThenRunning() throws Exception {
        try (SandboxFixture f = new SandboxFixture(Speed.parse("10"))) {
            Ec2Client ec2 = f.ec2(f.privilegedRole(DEVELOPMENT));
            var stop = ec2.stopInstances(r -> r.instanceIds(RUNNING))
                    .stoppingInstances()
                    .get(0);
            assertThat(stop.currentState().name()).isEqualTo(InstanceStateName.STOPPING);
            assertThat(state(ec2, RUNNING)).isEqualTo(InstanceStateName.STOPPING);
            // EC2 refuses to start an instance that is still stopping.
            assertThatThrownBy(() -> ec2.startInstances(r -> r.instanceIds(RUNNING)))
                    .satisfies(
                            t -> assertThat(((Ec2Exception) t).awsErrorDetails().errorCode())
                                    .isEqualTo("IncorrectInstanceState"));
            f.clock.advance(Duration.ofSeconds(3)); // 30 s at speed 10
            assertThat(state(ec2, RUNNING)).isEqualTo(InstanceStateName.STOPPED);

            var start = ec2.startInstances(r -> r.instanceIds(STOPPED))
                    .startingInstances()
                    .get(0);
            assertThat(start.currentState().name()).isEqualTo(InstanceStateName.PENDING);
            assertThat(state(ec2, STOPPED)).isEqualTo(InstanceStateName.PENDING);
            f.clock.advance(Duration.ofMillis(1499));
            assertThat(state(ec2, STOPPED)).isEqualTo(InstanceStateName.PENDING);
            f.clock.advance(Duration.ofMillis(1)); // 15 s at speed 10
            assertThat(state(ec2, STOPPED)).isEqualTo(InstanceStateName.RUNNING);
        }
    }

    @Test
    void aLaunchedInstanceIsPendingUntilItRuns() throws Exception {
        try (SandboxFixture f = new SandboxFixture(Speed.parse("1"))) {
            Ec2Client ec2 = f.ec2(f.privilegedRole(DEVELOPMENT));
            String id = ec2.runInstances(
                            r -> r.imageId("ami-0abcdef12345678").minCount(1).maxCount(1))
                    .instances()
                    .get(0)
                    .instanceId();
            assertThat(state(ec2, id)).isEqualTo(InstanceStateName.PENDING);
            f.clock.advance(Duration.ofSeconds(15));
            assertThat(state(ec2, id)).isEqualTo(InstanceStateName.RUNNING);
        }
    }

    @Test
    void aDeletedTableIsDeletingThenGoneAndRefusesChangesMeanwhile() throws Exception {
        try (SandboxFixture f = new SandboxFixture(Speed.parse("1"))) {
            DynamoDbClient ddb = f.dynamodb(f.privilegedRole(STAGING));
            var deleted = ddb.deleteTable(r -> r.tableName("sessions-staging")).tableDescription();
            assertThat(deleted.tableStatus()).isEqualTo(TableStatus.DELETING);
            assertThat(status(ddb, "sessions-staging")).isEqualTo(TableStatus.DELETING);
            assertThat(ddb.listTables().tableNames()).contains("sessions-staging");
            // AWS: "If table is already in the DELETING state, no error is returned."
            assertThat(ddb.deleteTable(r -> r.tableName("sessions-staging"))
                            .tableDescription()
                            .tableStatus())
                    .isEqualTo(TableStatus.DELETING);
            assertThatThrownBy(() ->
                            ddb.updateTable(r -> r.tableName("sessions-staging").deletionProtectionEnabled(true)))
                    .isInstanceOf(ResourceInUseException.class);
            assertThatThrownBy(() -> ddb.createBackup(
                            r -> r.tableName("sessions-staging").backupName("too-late")))
                    .isInstanceOf(TableInUseException.class);

            f.clock.advance(Duration.ofSeconds(10));
            assertThatThrownBy(() -> ddb.describeTable(r -> r.tableName("sessions-staging")))
                    .isInstanceOf(ResourceNotFoundException.class);
            assertThat(ddb.listTables().tableNames()).doesNotContain("sessions-staging");
        }
    }

    @Test
    void aCreatedTableIsCreatingThenActiveAndCannotBeDeletedMeanwhile() throws Exception {
        try (SandboxFixture f = new SandboxFixture(Speed.parse("1"))) {
            DynamoDbClient ddb = f.dynamodb(f.privilegedRole(STAGING));
            var created = ddb.createTable(r -> SandboxFixture.keyedById(r.tableName("fresh")))
                    .tableDescription();
            assertThat(created.tableStatus()).isEqualTo(TableStatus.CREATING);
            // AWS: a table in the CREATING state cannot be deleted (ResourceInUseException).
            assertThatThrownBy(() -> ddb.deleteTable(r -> r.tableName("fresh")))
                    .isInstanceOf(ResourceInUseException.class);
            f.clock.advance(Duration.ofSeconds(15));
            assertThat(status(ddb, "fresh")).isEqualTo(TableStatus.ACTIVE);
        }
    }

    @Test
    void aBackupIsCreatingThenAvailable() throws Exception {
        try (SandboxFixture f = new SandboxFixture(Speed.parse("1"))) {
            DynamoDbClient ddb = f.dynamodb(f.privilegedRole(STAGING));
            var backup = ddb.createBackup(r -> r.tableName("sessions-staging").backupName("before"))
                    .backupDetails();
            assertThat(backup.backupStatus()).isEqualTo(BackupStatus.CREATING);
            assertThat(describe(ddb, backup.backupArn())).isEqualTo(BackupStatus.CREATING);
            assertThat(ddb.listBackups(r -> r.tableName("sessions-staging"))
                            .backupSummaries()
                            .get(0)
                            .backupStatus())
                    .isEqualTo(BackupStatus.CREATING);
            f.clock.advance(Duration.ofSeconds(10));
            assertThat(describe(ddb, backup.backupArn())).isEqualTo(BackupStatus.AVAILABLE);
            assertThat(ddb.listBackups(r -> r.tableName("sessions-staging"))
                            .backupSummaries()
                            .get(0)
                            .backupStatus())
                    .isEqualTo(BackupStatus.AVAILABLE);
        }
    }

    private static BackupStatus describe(DynamoDbClient ddb, String arn) {
        return ddb.describeBackup(r -> r.backupArn(arn))
                .backupDescription()
                .backupDetails()
                .backupStatus();
    }

    @Test
    void aTransitionUnderWaySurvivesARestartAndEndsOnTime(@TempDir Path dir) throws Exception {
        Instant start = Instant.now();
        AwsCredentials development;
        AwsCredentials staging;
        String backupArn;
        try (SandboxFixture f = new SandboxFixture(dir, start, Speed.parse("1"))) {
            development = f.privilegedRole(DEVELOPMENT); // the clock moves on to the next TOTP step: +30 s
            f.ec2(development).terminateInstances(r -> r.instanceIds(RUNNING)); // terminated at +60 s
            staging = f.privilegedRole(STAGING); // +60 s
            backupArn = f.dynamodb(staging)
                    .createBackup(r -> r.tableName("sessions-staging").backupName("kept"))
                    .backupDetails()
                    .backupArn(); // available at +70 s
        }
        // The role sessions were saved with the world, so the restarted sandbox knows them.
        try (SandboxFixture f = new SandboxFixture(dir, start.plusSeconds(40), Speed.parse("1"))) {
            Ec2Client ec2 = f.ec2(development);
            DynamoDbClient ddb = f.dynamodb(staging);
            assertThat(state(ec2, RUNNING)).isEqualTo(InstanceStateName.SHUTTING_DOWN);
            f.clock.advance(Duration.ofSeconds(20));
            assertThat(state(ec2, RUNNING)).isEqualTo(InstanceStateName.TERMINATED);
            assertThat(describe(ddb, backupArn)).isEqualTo(BackupStatus.CREATING);
            f.clock.advance(Duration.ofSeconds(10));
            assertThat(describe(ddb, backupArn)).isEqualTo(BackupStatus.AVAILABLE);
        }
    }
}
