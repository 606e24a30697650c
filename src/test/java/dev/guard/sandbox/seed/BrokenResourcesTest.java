package dev.guard.sandbox.seed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.guard.yaml.Problem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Instances, tables, buckets and world-wide names: malformed or duplicated, each is a positioned problem. */
class BrokenResourcesTest {
    private static final String HEADER = "apiVersion: guard/v1\nkind: SandboxSeed\naccounts:\n";

    @Test
    void instancesNeedRealIdsStatesAndBooleans() {
        assertThat(problems(HEADER
                        + "  - name: development\n"
                        + "    id: \"222222222222\"\n"
                        + "    instances:\n"
                        + "      - {id: i-0A22222222222222a, state: running}\n"
                        + "      - {id: i-0a2222222a, state: sleeping, instanceType: large}\n"
                        + "      - {id: i-0a22222222222222a, state: stopped, disableApiTermination: \"yes\"}\n"))
                .containsExactly(
                        "seed.yaml:7:14: accounts[0].instances[0].id: 'i-0A22222222222222a' is not an instance id (i-"
                                + " and 8 or 17 lowercase hex digits)",
                        "seed.yaml:8:14: accounts[0].instances[1].id: 'i-0a2222222a' is not an instance id (i- and 8"
                                + " or 17 lowercase hex digits)",
                        "seed.yaml:8:35: accounts[0].instances[1].state: 'sleeping' is not an instance state (pending,"
                                + " running, shutting-down, stopped, stopping, terminated)",
                        "seed.yaml:8:59: accounts[0].instances[1].instanceType: 'large' is not an instance type (e.g."
                                + " t3.micro)",
                        "seed.yaml:9:74: accounts[0].instances[2].disableApiTermination: expected true or false, got a"
                                + " string");
    }

    @Test
    void namesThatAwsKeepsUniqueAreUniqueAcrossTheWorld() {
        String user = "{name: %s, accessKeyId: AKIASANDBOXALICE0001,"
                + " secretAccessKey: SandboxOnlyAliceFakeSecretKeyDoNotUse/00,"
                + " mfaDevice: {serial: \"arn:aws:iam::111111111111:mfa/alice\","
                + " secret: MFWGSY3FFVZWC3TEMJXXQLLNMZQS2MBR}}";
        List<String> problems = problems(HEADER
                + "  - name: identity\n"
                + "    id: \"111111111111\"\n"
                + "    users:\n"
                + "      - " + user.formatted("alice") + "\n"
                + "      - " + user.formatted("alice2") + "\n"
                + "    instances: [{id: i-0a11111111111111a, state: running}]\n"
                + "    buckets: [{name: shared-bucket}]\n"
                + "  - name: development\n"
                + "    id: \"222222222222\"\n"
                + "    instances: [{id: i-0a11111111111111a, state: running}]\n"
                + "    buckets: [{name: shared-bucket}]\n"
                + "    tables: [{name: t1-table, partitionKey: id}, {name: t1-table, partitionKey: id}]\n");
        // alice2 is one character longer than alice: the second user's columns are one further.
        assertThat(problems)
                .containsExactly(
                        "seed.yaml:8:37: accounts[0].users[1].accessKeyId: duplicate access key id"
                                + " 'AKIASANDBOXALICE0001' (first defined at 7:36)",
                        "seed.yaml:8:138: accounts[0].users[1].mfaDevice.serial: duplicate MFA device serial"
                                + " 'arn:aws:iam::111111111111:mfa/alice' (first defined at 7:137)",
                        "seed.yaml:13:22: accounts[1].instances[0].id: duplicate instance id 'i-0a11111111111111a'"
                                + " (first defined at 9:22)",
                        "seed.yaml:14:22: accounts[1].buckets[0].name: duplicate bucket name 'shared-bucket' (first"
                                + " defined at 10:22)",
                        "seed.yaml:15:57: accounts[1].tables[1].name: duplicate table name 't1-table' (first defined"
                                + " at 15:21)");
    }

    @Test
    void tablesAndBucketsFollowAwsNaming() {
        assertThat(problems(HEADER
                        + "  - name: staging\n"
                        + "    id: \"333333333333\"\n"
                        + "    tables:\n"
                        + "      - {name: ab, status: READY}\n"
                        + "    buckets:\n"
                        + "      - name: Guard_Artifacts\n"
                        + "        versioning: enabled\n"
                        + "        objects: {a.txt: 42, empty.txt: \"\"}\n"))
                .containsExactly(
                        "seed.yaml:7:9: missing required key 'partitionKey' in accounts[0].tables[0]",
                        "seed.yaml:7:16: accounts[0].tables[0].name: 'ab' is not a table name (3-255 of A-Z a-z 0-9 _"
                                + " . -)",
                        "seed.yaml:7:28: accounts[0].tables[0].status: 'READY' is not a table status (ACTIVE, CREATING,"
                                + " DELETING, UPDATING)",
                        "seed.yaml:9:15: accounts[0].buckets[0].name: 'Guard_Artifacts' is not a bucket name (3-63 of"
                                + " a-z 0-9 . -, no '..', not an IP address)",
                        "seed.yaml:10:21: accounts[0].buckets[0].versioning: expected true or false, got a string",
                        "seed.yaml:11:26: accounts[0].buckets[0].objects.a.txt: expected a string, got a number"
                                + " (quote it: \"42\")");
    }

    @Test
    void anInstanceLivesInUsEast1UnlessItNamesARegion() {
        String seed = HEADER
                + "  - name: dev\n"
                + "    id: \"222222222222\"\n"
                + "    instances:\n"
                + "      - {id: i-0a000000000000001, state: running}\n"
                + "      - {id: i-0a000000000000002, state: running, region: eu-west-1}\n";
        var account = SeedLoader.parse(bytes(seed), Path.of("seed.yaml"))
                .orElseThrow()
                .accountByName("dev")
                .orElseThrow();
        assertThat(account.instance("i-0a000000000000001").orElseThrow().region())
                .isEqualTo("us-east-1");
        assertThat(account.instance("i-0a000000000000002").orElseThrow().region())
                .isEqualTo("eu-west-1");
        assertThat(problems(HEADER
                        + "  - name: dev\n"
                        + "    id: \"222222222222\"\n"
                        + "    instances:\n"
                        + "      - {id: i-0a000000000000001, state: running, region: mars-1}\n"))
                .singleElement()
                .asString()
                .contains("'mars-1' is not a region (e.g. eu-west-1)");
    }

    @Test
    void aKeyMayListItsVersionsOnlyInAVersionedBucket() {
        String bucket = HEADER
                + "  - name: dev\n"
                + "    id: \"222222222222\"\n"
                + "    buckets:\n"
                + "      - name: history\n"
                + "        versioning: %s\n"
                + "        objects:\n"
                + "          a.txt: [one, two, three]\n";
        var seeded = SeedLoader.parse(bytes(bucket.formatted("true")), Path.of("seed.yaml"))
                .orElseThrow()
                .accountByName("dev")
                .orElseThrow()
                .bucket("history")
                .orElseThrow();
        assertThat(seeded.objects()).containsEntry("a.txt", "three");
        assertThat(seeded.earlier("a.txt")).containsExactly("one", "two");
        assertThat(problems(bucket.formatted("false")))
                .singleElement()
                .asString()
                .contains("a list of versions needs versioning: true on the bucket");
        assertThat(problems(bucket.formatted("true").replace("[one, two, three]", "[]")))
                .singleElement()
                .asString()
                .contains("a list of versions needs at least one body");
    }

    @Test
    void tableTagsAreCheckedAsAwsChecksTags() {
        String seed = HEADER
                + "  - name: staging\n"
                + "    id: \"333333333333\"\n"
                + "    tables:\n"
                + "      - {name: ok-table, partitionKey: id, tags: {env: staging, \"guard:protected\": \"true\"}}\n";
        assertThat(SeedLoader.parse(bytes(seed), Path.of("seed.yaml"))
                        .orElseThrow()
                        .accountByName("staging")
                        .orElseThrow()
                        .table("ok-table")
                        .orElseThrow()
                        .tags())
                .containsExactly(Map.entry("env", "staging"), Map.entry("guard:protected", "true"));

        assertThat(problems(HEADER
                        + "  - name: staging\n"
                        + "    id: \"333333333333\"\n"
                        + "    tables:\n"
                        + "      - name: bad-table\n"
                        + "        partitionKey: id\n"
                        + "        tags:\n"
                        + "          \"aws:owner\": me\n"
                        + "          " + "k".repeat(129) + ": v\n"
                        + "          long: " + "v".repeat(257) + "\n"))
                .containsExactly(
                        "seed.yaml:10:24: accounts[0].tables[0].tags: 'aws:owner' is not a tag key (1-128 characters,"
                                + " not aws:)",
                        "seed.yaml:11:142: accounts[0].tables[0].tags: '" + "k".repeat(129)
                                + "' is not a tag key (1-128 characters, not aws:)",
                        "seed.yaml:12:17: accounts[0].tables[0].tags.long: a tag value is at most 256 characters");
    }

    @Test
    void faultRulesAreCheckedAndKeptInOrder() {
        String seed = HEADER
                + "  - {name: identity, id: \"111111111111\"}\n"
                + "faults:\n"
                + "  - {service: s3, operation: DeleteObjects, throttleEveryNth: 3, latencyMillis: 250}\n"
                + "  - {service: sts, errorBurst: {status: 503, count: 2}, dropConnectionEveryNth: 10}\n";
        Faults faults = SeedLoader.parse(bytes(seed), Path.of("seed.yaml"))
                .orElseThrow()
                .faults();
        assertThat(faults.rulesFor("s3", "DeleteObjects")).singleElement().satisfies(r -> {
            assertThat(r.throttleEveryNth()).hasValue(3);
            assertThat(r.latencyMillis()).hasValue(250);
            assertThat(r.errorBurst()).isEmpty();
        });
        assertThat(faults.rulesFor("s3", "PutObject")).isEmpty();
        assertThat(faults.rulesFor("sts", "GetSessionToken")).singleElement().satisfies(r -> {
            assertThat(r.operation()).isEqualTo("*");
            assertThat(r.errorBurst()).contains(new Faults.ErrorBurst(503, 2));
            assertThat(r.dropConnectionEveryNth()).hasValue(10);
        });

        assertThat(problems(HEADER
                        + "  - {name: identity, id: \"111111111111\"}\n"
                        + "faults:\n"
                        + "  - {service: sqs, operation: put-object, latencyMillis: 10}\n"
                        + "  - {service: s3, errorBurst: {status: 200, count: 0}}\n"
                        + "  - {service: ec2}\n"))
                .containsExactly(
                        "seed.yaml:6:15: faults[0].service: 'sqs' is not a sandbox service (sts, iam, ec2, dynamodb,"
                                + " s3, organizations)",
                        "seed.yaml:6:31: faults[0].operation: 'put-object' is not an operation name (e.g. PutObject) or"
                                + " *",
                        "seed.yaml:7:40: faults[1].errorBurst.status: 200 is out of range (400..599)",
                        "seed.yaml:7:52: faults[1].errorBurst.count: 0 is out of range (1..1000000)",
                        "seed.yaml:8:5: faults[2]: a fault rule needs at least one of throttleEveryNth, errorBurst,"
                                + " latencyMillis, dropConnectionEveryNth, loseReplyEveryNth, lateReplyMillis");
    }

    static List<String> problems(String yaml) {
        SeedLoader.Result result = SeedLoader.parse(bytes(yaml), Path.of("seed.yaml"));
        assertThat(result.world()).isEmpty();
        return result.problems().sorted().stream().map(Problem::toString).toList();
    }

    private static byte[] bytes(String yaml) {
        return yaml.getBytes(StandardCharsets.UTF_8);
    }
}
