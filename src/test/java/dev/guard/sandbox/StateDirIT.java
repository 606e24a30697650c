package dev.guard.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.guard.sandbox.persist.StateException;
import dev.guard.sandbox.persist.StateFile;
import dev.guard.sandbox.seed.SeedLoader;
import dev.guard.sandbox.timing.Speed;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/** {@code guard sandbox --state-dir}: the world survives a restart; a fresh directory starts from the seed. */
class StateDirIT {
    private static final String DEVELOPMENT = "222222222222";
    private static final String STAGING = "333333333333";
    private static final String BUCKET = "guard-protected-artifacts";

    @TempDir
    Path temp;

    private static InstanceStateName state(SandboxFixture f, String id) {
        return SandboxFixture.describe(f.ec2(f.privilegedRole(DEVELOPMENT)), id)
                .state()
                .name();
    }

    @Test
    void aFreshDirectoryStartsFromTheSeedAndIsPrivate() throws Exception {
        Path dir = temp.resolve("state");
        try (SandboxFixture f = new SandboxFixture(dir)) {
            assertThat(state(f, "i-0a22222222222222a")).isEqualTo(InstanceStateName.RUNNING);
        }
        Path file = dir.resolve(StateFile.NAME);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(Files.readString(file)).contains("\"i-0a22222222222222a\"", "releases/current/manifest.json");
    }

    @Test
    void mutationsAndSessionsSurviveARestart() throws Exception {
        Path dir = temp.resolve("state");
        software.amazon.awssdk.auth.credentials.AwsCredentials session;
        String launched;
        try (SandboxFixture f = new SandboxFixture(dir)) {
            var ec2 = f.ec2(f.privilegedRole(DEVELOPMENT));
            ec2.terminateInstances(r -> r.instanceIds("i-0a22222222222222a"));
            launched = ec2.runInstances(r -> r.imageId("ami-0123456789abcdef0")
                            .minCount(1)
                            .maxCount(1)
                            .tagSpecifications(TagSpecification.builder()
                                    .resourceType(ResourceType.INSTANCE)
                                    .tags(Tag.builder().key("env").value("kept").build())
                                    .build()))
                    .instances()
                    .get(0)
                    .instanceId();
            session = SandboxFixture.session(f.sts(f.keys("alice"))
                    .getSessionToken(r -> r.serialNumber(f.serial("alice")).tokenCode(f.nextCode("alice")))
                    .credentials());
            f.s3(session)
                    .putObject(r -> r.bucket(BUCKET).key("releases/kept.txt"), RequestBody.fromString("still here"));
            assertThat(f.warnings).isEmpty();
        }
        try (SandboxFixture f = new SandboxFixture(dir)) {
            // The used MFA codes were saved too: the code alice used last is still refused.
            assertThatThrownBy(() -> f.sts(f.keys("alice"))
                            .getSessionToken(
                                    r -> r.serialNumber(f.serial("alice")).tokenCode(f.nextCode("alice"))))
                    .hasMessageContaining("MultiFactorAuthentication failed");
            f.nextTotpStep();
            f.nextTotpStep();
            assertThat(state(f, "i-0a22222222222222a")).isEqualTo(InstanceStateName.TERMINATED);
            var ec2 = f.ec2(f.privilegedRole(DEVELOPMENT));
            var kept = ec2.describeInstances(r -> r.filters(
                            Filter.builder().name("tag:env").values("kept").build()))
                    .reservations();
            assertThat(kept)
                    .flatExtracting(r ->
                            r.instances().stream().map(Instance::instanceId).toList())
                    .containsExactly(launched);
            var next = ec2.runInstances(
                            r -> r.imageId("ami-0123456789abcdef0").minCount(1).maxCount(1))
                    .instances()
                    .get(0)
                    .instanceId();
            assertThat(next).isNotEqualTo(launched);
            // The GetSessionToken credentials of the first run still sign requests, with their MFA context.
            assertThat(f.s3(session)
                            .getObjectAsBytes(r -> r.bucket(BUCKET).key("releases/kept.txt"))
                            .asString(StandardCharsets.UTF_8))
                    .isEqualTo("still here");
        }
    }

    @Test
    void tableTagsSurviveARestartAndOlderFilesWithoutThemStillLoad() throws Exception {
        Path dir = temp.resolve("state");
        String orders = "arn:aws:dynamodb:us-east-1:" + STAGING + ":table/orders-staging";
        // The role session is saved too, so it is used across restarts (its MFA code could not be).
        software.amazon.awssdk.auth.credentials.AwsCredentials role;
        try (SandboxFixture f = new SandboxFixture(dir)) {
            role = f.privilegedRole(STAGING);
            f.dynamodb(role)
                    .createTable(r -> r.tableName("kept-staging")
                            .keySchema(KeySchemaElement.builder()
                                    .attributeName("id")
                                    .keyType(KeyType.HASH)
                                    .build())
                            .tags(software.amazon.awssdk.services.dynamodb.model.Tag.builder()
                                    .key("team")
                                    .value("payments")
                                    .build()));
        }
        try (SandboxFixture f = new SandboxFixture(dir)) {
            var ddb = f.dynamodb(role);
            assertThat(tagKeys(ddb, orders)).containsExactly("env", "guard:protected");
            assertThat(tagKeys(ddb, orders.replace("orders", "kept"))).containsExactly("team");
        }
        // A state file from before tables kept tags: every table loads, untagged.
        Path file = dir.resolve(StateFile.NAME);
        var json = new ObjectMapper();
        var tree = (ObjectNode) json.readTree(file.toFile());
        tree.withArray("tables").forEach(t -> ((ObjectNode) t).remove("tags"));
        Files.writeString(file, json.writeValueAsString(tree));
        try (SandboxFixture f = new SandboxFixture(dir)) {
            var ddb = f.dynamodb(role);
            assertThat(tagKeys(ddb, orders)).isEmpty();
            assertThat(tagKeys(ddb, orders.replace("orders", "kept"))).isEmpty();
            assertThat(f.warnings).isEmpty();
        }
    }

    @Test
    void anInstanceKeepsItsRegionAcrossARestartAndOlderFilesLoadAsUsEast1() throws Exception {
        Path dir = temp.resolve("state");
        software.amazon.awssdk.auth.credentials.AwsCredentials role;
        String launched;
        try (SandboxFixture f = new SandboxFixture(dir)) {
            role = f.privilegedRole(DEVELOPMENT);
            launched = west(f, role)
                    .runInstances(
                            r -> r.imageId("ami-0abcdef12345678").minCount(1).maxCount(1))
                    .instances()
                    .get(0)
                    .instanceId();
        }
        try (SandboxFixture f = new SandboxFixture(dir)) {
            assertThat(SandboxFixture.describe(west(f, role), launched)
                            .placement()
                            .availabilityZone())
                    .isEqualTo("eu-west-1a");
            assertThat(f.ec2(role)
                            .describeInstances(r -> r.filters(Filter.builder()
                                    .name("instance-id")
                                    .values(launched)
                                    .build()))
                            .reservations())
                    .isEmpty();
        }
        // A state file from before instances had a region: every instance loads in us-east-1.
        Path file = dir.resolve(StateFile.NAME);
        var json = new ObjectMapper();
        var tree = (ObjectNode) json.readTree(file.toFile());
        tree.withArray("instances").forEach(i -> ((ObjectNode) i).remove("region"));
        Files.writeString(file, json.writeValueAsString(tree));
        try (SandboxFixture f = new SandboxFixture(dir)) {
            assertThat(SandboxFixture.describe(f.ec2(role), launched)
                            .placement()
                            .availabilityZone())
                    .isEqualTo("us-east-1a");
            assertThat(f.warnings).isEmpty();
        }
    }

    private static software.amazon.awssdk.services.ec2.Ec2Client west(
            SandboxFixture f, software.amazon.awssdk.auth.credentials.AwsCredentials credentials) {
        return software.amazon.awssdk.services.ec2.Ec2Client.builder()
                .endpointOverride(f.endpoint())
                .region(software.amazon.awssdk.regions.Region.EU_WEST_1)
                .credentialsProvider(
                        software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(credentials))
                .httpClientBuilder(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.builder())
                .build();
    }

    private static java.util.List<String> tagKeys(DynamoDbClient ddb, String arn) {
        return ddb.listTagsOfResource(r -> r.resourceArn(arn)).tags().stream()
                .map(software.amazon.awssdk.services.dynamodb.model.Tag::key)
                .toList();
    }

    @Test
    void aCorruptStateFileIsNamedAndLeftAlone() throws Exception {
        Path dir = Files.createDirectory(temp.resolve("state"));
        Path file = dir.resolve(StateFile.NAME);
        Files.writeString(file, "{\"format\": \"guard-sandbox-state/1\", \"instances\": [");
        assertThatThrownBy(() -> Sandbox.start(
                        SeedLoader.bundled(), 0, Clock.systemUTC(), l -> {}, Optional.of(dir), l -> {}, Speed.INSTANT))
                .isInstanceOf(StateException.class)
                .hasMessageStartingWith(file.toString());
        Files.writeString(file, "{\"format\": \"guard-sandbox-state/1\", \"instances\": [{\"id\": 7}]}");
        assertThatThrownBy(() -> Sandbox.start(
                        SeedLoader.bundled(), 0, Clock.systemUTC(), l -> {}, Optional.of(dir), l -> {}, Speed.INSTANT))
                .isInstanceOf(StateException.class)
                .hasMessage(file + ": $.instances[0].id has the wrong type");
        assertThat(Files.readString(file)).contains("\"id\": 7");
    }
}
