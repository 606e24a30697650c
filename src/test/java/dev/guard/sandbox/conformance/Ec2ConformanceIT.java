package dev.guard.sandbox.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.guard.sandbox.SandboxFixture;
import dev.guard.sandbox.seed.SeedLoader;
import dev.guard.sandbox.seed.SeedWorld;
import dev.guard.sandbox.server.Journal;
import dev.guard.sandbox.timing.Speed;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.InstanceStateChange;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * EC2 as AWS answers it, through the Java SDK v2 and the AWS CLI v2 (skipped where absent), and
 * against moto_server where moto models the behaviour: per-region state, IncorrectInstanceState,
 * DryRun, UnauthorizedOperation with its encoded message (and sts DecodeAuthorizationMessage),
 * unknown filters and unmodelled parameters. Every refusal is checked to have changed nothing.
 */
class Ec2ConformanceIT {
    private static final String DEVELOPMENT = "222222222222";
    private static final String RUNNING = "i-0a22222222222222a";
    private static final String STOPPED = "i-0a22222222222222c";
    private static final String SOFIAS = "i-0a11111111111111a";
    private static final String DRY_RUN = "Request would have succeeded, but DryRun flag is set.";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Optional<MotoServer> moto = Optional.empty();

    @BeforeAll
    static void startMoto() throws Exception {
        moto = MotoServer.start();
    }

    @AfterAll
    static void stopMoto() {
        moto.ifPresent(MotoServer::close);
    }

    static Ec2Client ec2(URI endpoint, Region region, AwsCredentials credentials) {
        return Ec2Client.builder()
                .endpointOverride(endpoint)
                .region(region)
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    private static Ec2Exception refused(Runnable call) {
        return catchThrowableOfType(Ec2Exception.class, call::run);
    }

    private static void assertError(Ec2Exception e, int status, String code, String message) {
        assertThat(e).as("refused").isNotNull();
        assertThat(e.statusCode()).isEqualTo(status);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(message);
    }

    private static void assertNotFound(Runnable call, String id) {
        assertError(refused(call), 400, "InvalidInstanceID.NotFound", "The instance ID '" + id + "' does not exist");
    }

    /** IncorrectInstanceState for an instance that cannot be {@code changed} ("stopped", "started") now. */
    private static void assertIncorrectState(Runnable call, String id, String changed) {
        assertError(
                refused(call),
                400,
                "IncorrectInstanceState",
                "The instance '" + id + "' is not in a state from which it can be " + changed + ".");
    }

    private static software.amazon.awssdk.services.ec2.model.Filter filter(String name, String value) {
        return software.amazon.awssdk.services.ec2.model.Filter.builder()
                .name(name)
                .values(value)
                .build();
    }

    private static InstanceStateName state(Ec2Client ec2, String id) {
        return SandboxFixture.describe(ec2, id).state().name();
    }

    /** The state a Stop/Start/TerminateInstances answer reports its (one) instance in. */
    private static InstanceStateName stateNow(List<InstanceStateChange> changes) {
        return changes.get(0).currentState().name();
    }

    /** The journal's last entry for {@code action}'s service (the request just made there). */
    private static Journal.Entry last(SandboxFixture f, String action) {
        List<Journal.Entry> all = f.sandbox.journal().entries().stream()
                .filter(e -> e.service().equals(action.split(":")[0]))
                .toList();
        return all.get(all.size() - 1);
    }

    @Test
    void anotherRegionSeesNoneOfUsEast1sInstancesAndLaunchesIntoItsOwn() throws Exception {
        try (SandboxFixture f = new SandboxFixture()) {
            AwsCredentials role = f.privilegedRole(DEVELOPMENT);
            Ec2Client east = f.ec2(role);
            Ec2Client west = ec2(f.endpoint(), Region.EU_WEST_1, role);
            if (AwsCliV2.present()) {
                AwsCliV2.Run listed = new AwsCliV2(f.endpoint())
                        .inRegion("eu-west-1")
                        .run(AwsCliV2.credentials(role), "ec2", "describe-instances");
                assertThat(listed.exit()).as(listed.err()).isZero();
                assertThat(JSON.readTree(listed.out()).path("Reservations")).isEmpty();
            }
            assertThat(west.describeInstances().reservations()).isEmpty();
            assertNotFound(() -> west.stopInstances(r -> r.instanceIds(RUNNING)), RUNNING);
            assertThat(last(f, "ec2:StopInstances").mutated()).isFalse();
            assertNotFound(
                    () -> west.createTags(r -> r.resources(RUNNING)
                            .tags(Tag.builder().key("k").value("v").build())),
                    RUNNING);
            assertThat(state(east, RUNNING)).isEqualTo(InstanceStateName.RUNNING);
            assertThat(SandboxFixture.describe(east, RUNNING).tags())
                    .noneMatch(t -> t.key().equals("k"));

            String launched = west.runInstances(
                            r -> r.imageId("ami-0abcdef12345678").minCount(1).maxCount(1))
                    .instances()
                    .get(0)
                    .instanceId();
            assertThat(last(f, "ec2:RunInstances").resource()).startsWith("arn:aws:ec2:eu-west-1:" + DEVELOPMENT);
            assertThat(SandboxFixture.describe(west, launched).placement().availabilityZone())
                    .isEqualTo("eu-west-1a");
            assertNotFound(() -> east.describeInstances(r -> r.instanceIds(launched)), launched);
        }
    }

    @Test
    void motoAlsoKeepsInstancesInTheirRegion() {
        if (moto.isEmpty()) {
            return; // moto_server is not on PATH
        }
        URI endpoint = moto.get().endpoint();
        String id = ec2(endpoint, Region.US_EAST_1, MotoServer.KEYS)
                .runInstances(r -> r.imageId("ami-12345678").minCount(1).maxCount(1))
                .instances()
                .get(0)
                .instanceId();
        Ec2Client west = ec2(endpoint, Region.EU_WEST_1, MotoServer.KEYS);
        assertThat(west.describeInstances().reservations()).isEmpty();
        assertNotFound(() -> west.stopInstances(r -> r.instanceIds(id)), id);
    }

    @Test
    void stoppingOrStartingATerminatedInstanceIsIncorrectInstanceStateAndChangesNothing() throws Exception {
        try (SandboxFixture f = new SandboxFixture()) {
            AwsCredentials role = f.privilegedRole(DEVELOPMENT);
            Ec2Client ec2 = f.ec2(role);
            ec2.terminateInstances(r -> r.instanceIds(RUNNING));
            int before = f.sandbox.journal().entries().size();
            assertIncorrectState(() -> ec2.stopInstances(r -> r.instanceIds(RUNNING)), RUNNING, "stopped");
            assertIncorrectState(() -> ec2.startInstances(r -> r.instanceIds(RUNNING)), RUNNING, "started");
            if (AwsCliV2.present()) {
                AwsCliV2.Run cli = new AwsCliV2(f.endpoint())
                        .run(AwsCliV2.credentials(role), "ec2", "stop-instances", "--instance-ids", RUNNING);
                assertThat(cli.exit()).isEqualTo(254);
                assertThat(cli.err())
                        .contains("An error occurred (IncorrectInstanceState) when calling the StopInstances operation:"
                                + " The instance '" + RUNNING + "' is not in a state from which it can be stopped.");
            }
            assertThat(state(ec2, RUNNING)).isEqualTo(InstanceStateName.TERMINATED);
            assertThat(f.sandbox
                            .journal()
                            .entries()
                            .subList(before, f.sandbox.journal().entries().size()))
                    .noneMatch(Journal.Entry::mutated);
            // Terminating again is no error: the instance is reported terminated, as AWS does.
            assertThat(stateNow(
                            ec2.terminateInstances(r -> r.instanceIds(RUNNING)).terminatingInstances()))
                    .isEqualTo(InstanceStateName.TERMINATED);
        }
    }

    @Test
    void aPendingInstanceCannotBeStoppedUntilItRuns() throws Exception {
        try (SandboxFixture f = new SandboxFixture(Speed.parse("1"))) {
            Ec2Client ec2 = f.ec2(f.privilegedRole(DEVELOPMENT));
            ec2.startInstances(r -> r.instanceIds(STOPPED));
            assertThat(state(ec2, STOPPED)).isEqualTo(InstanceStateName.PENDING);
            assertIncorrectState(() -> ec2.stopInstances(r -> r.instanceIds(STOPPED)), STOPPED, "stopped");
            assertThat(state(ec2, STOPPED)).isEqualTo(InstanceStateName.PENDING);
            f.clock.advance(Duration.ofSeconds(15));
            assertThat(stateNow(ec2.stopInstances(r -> r.instanceIds(STOPPED)).stoppingInstances()))
                    .isEqualTo(InstanceStateName.STOPPING);
            // Stopping one that is already stopping is no error.
            assertThat(stateNow(ec2.stopInstances(r -> r.instanceIds(STOPPED)).stoppingInstances()))
                    .isEqualTo(InstanceStateName.STOPPING);
        }
    }

    @Test
    void dryRunAnswersWhetherEveryActionWouldSucceedAndNeverMutates() throws Exception {
        try (SandboxFixture f = new SandboxFixture()) {
            AwsCredentials role = f.privilegedRole(DEVELOPMENT);
            Ec2Client ec2 = f.ec2(role);
            Tag tag = Tag.builder().key("dry").value("run").build();
            List<Supplier<Object>> calls = List.of(
                    () -> ec2.describeInstances(r -> r.dryRun(true)),
                    () -> ec2.describeTags(r -> r.dryRun(true)),
                    () -> ec2.describeInstanceAttribute(r -> r.instanceId(RUNNING)
                            .attribute("disableApiTermination")
                            .dryRun(true)),
                    () -> ec2.runInstances(r -> r.imageId("ami-0abcdef12345678")
                            .minCount(1)
                            .maxCount(1)
                            .dryRun(true)),
                    () -> ec2.stopInstances(r -> r.instanceIds(RUNNING).dryRun(true)),
                    () -> ec2.startInstances(r -> r.instanceIds(STOPPED).dryRun(true)),
                    () -> ec2.terminateInstances(r -> r.instanceIds(RUNNING).dryRun(true)),
                    () -> ec2.createTags(r -> r.resources(RUNNING).tags(tag).dryRun(true)),
                    () -> ec2.deleteTags(r -> r.resources(RUNNING).dryRun(true)));
            for (Supplier<Object> call : calls) {
                assertError(refused(call::get), 412, "DryRunOperation", DRY_RUN);
            }
            if (AwsCliV2.present()) {
                AwsCliV2.Run cli = new AwsCliV2(f.endpoint())
                        .run(
                                AwsCliV2.credentials(role),
                                "ec2",
                                "stop-instances",
                                "--instance-ids",
                                RUNNING,
                                "--dry-run");
                assertThat(cli.exit()).isEqualTo(254);
                assertThat(cli.err())
                        .contains("(DryRunOperation) when calling the StopInstances operation: " + DRY_RUN);
            }
            // Not authorized: the dry run says so, as AWS does (the role may not modify attributes).
            Ec2Exception notAllowed = refused(() -> ec2.modifyInstanceAttribute(r -> r.instanceId(RUNNING)
                    .disableApiTermination(a -> a.value(true))
                    .dryRun(true)));
            assertThat(notAllowed.awsErrorDetails().errorCode()).isEqualTo("UnauthorizedOperation");
            Ec2Exception denied = refused(() -> f.ec2(f.keys("sofia"))
                    .stopInstances(r -> r.instanceIds(SOFIAS).dryRun(true)));
            assertThat(denied.awsErrorDetails().errorCode()).isEqualTo("UnauthorizedOperation");
            assertThat(denied.statusCode()).isEqualTo(403);

            assertThat(f.sandbox.journal().anyMutation()).isFalse();
            assertThat(state(ec2, RUNNING)).isEqualTo(InstanceStateName.RUNNING);
            assertThat(state(ec2, STOPPED)).isEqualTo(InstanceStateName.STOPPED);
            assertThat(SandboxFixture.describe(ec2, RUNNING).tags())
                    .isNotEmpty()
                    .doesNotContain(tag);
            assertThat(ec2.describeInstances().reservations()).hasSize(6);
        }
        moto.ifPresent(m -> assertError(
                refused(() ->
                        ec2(m.endpoint(), Region.US_EAST_1, MotoServer.KEYS).describeInstances(r -> r.dryRun(true))),
                412,
                "DryRunOperation",
                DRY_RUN));
    }

    @Test
    void anUnauthorizedOperationNamesCallerActionAndResourceAndStsDecodesItsMessage() throws Exception {
        try (SandboxFixture f = new SandboxFixture()) {
            Ec2Exception denied = refused(() -> f.ec2(f.keys("sofia")).terminateInstances(r -> r.instanceIds(SOFIAS)));
            String resource = "arn:aws:ec2:us-east-1:111111111111:instance/" + SOFIAS;
            String prefix = "You are not authorized to perform this operation. User:"
                    + " arn:aws:iam::111111111111:user/sofia is not authorized to perform: ec2:TerminateInstances on"
                    + " resource: " + resource + " because no identity-based policy allows the"
                    + " ec2:TerminateInstances action. Encoded authorization failure message: ";
            assertThat(denied.statusCode()).isEqualTo(403);
            assertThat(denied.awsErrorDetails().errorCode()).isEqualTo("UnauthorizedOperation");
            assertThat(denied.awsErrorDetails().errorMessage()).startsWith(prefix);
            String encoded = denied.awsErrorDetails().errorMessage().substring(prefix.length());
            assertThat(encoded).matches("[A-Za-z0-9_-]{100,}");
            // Sealed: not readable as base64 JSON by the client.
            assertThat(new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.ISO_8859_1))
                    .doesNotContain("TerminateInstances")
                    .doesNotContain("sofia");

            StsClient sts = f.sts(f.keys("sofia"));
            JsonNode decoded = JSON.readTree(sts.decodeAuthorizationMessage(r -> r.encodedMessage(encoded))
                    .decodedMessage());
            assertThat(decoded.path("allowed").asBoolean(true)).isFalse();
            assertThat(decoded.path("explicitDeny").asBoolean(true)).isFalse();
            assertThat(decoded.path("matchedStatements").path("items")).isEmpty();
            assertThat(decoded.path("failures").path("items")).isEmpty();
            JsonNode context = decoded.path("context");
            assertThat(context.path("principal").path("arn").asText())
                    .isEqualTo("arn:aws:iam::111111111111:user/sofia");
            assertThat(context.path("principal").path("name").asText()).isEqualTo("sofia");
            assertThat(context.path("principal").path("id").asText()).startsWith("AIDA");
            assertThat(context.path("action").asText()).isEqualTo("ec2:TerminateInstances");
            assertThat(context.path("resource").asText()).isEqualTo(resource);
            assertThat(context.path("conditions").path("items").findValuesAsText("key"))
                    .contains("aws:username", "ec2:Region", "aws:RequestedRegion");
            if (AwsCliV2.present()) {
                AwsCliV2.Run cli = new AwsCliV2(f.endpoint())
                        .run(
                                AwsCliV2.credentials(f.keys("sofia")),
                                "sts",
                                "decode-authorization-message",
                                "--encoded-message",
                                encoded);
                assertThat(cli.exit()).as(cli.err()).isZero();
                assertThat(JSON.readTree(
                                JSON.readTree(cli.out()).path("DecodedMessage").asText()))
                        .isEqualTo(decoded);
            }

            // One character changed (never to itself): the seal no longer holds.
            String tampered = (encoded.charAt(0) == 'A' ? "B" : "A") + encoded.substring(1);
            StsException invalid = catchThrowableOfType(
                    StsException.class, () -> sts.decodeAuthorizationMessage(r -> r.encodedMessage(tampered)));
            assertThat(invalid.statusCode()).isEqualTo(400);
            assertThat(invalid.awsErrorDetails().errorCode()).isEqualTo("InvalidAuthorizationMessageException");
            StsException notAllowed = catchThrowableOfType(
                    StsException.class,
                    () -> f.sts(f.keys("alice")).decodeAuthorizationMessage(r -> r.encodedMessage(encoded)));
            assertThat(notAllowed.statusCode()).isEqualTo(403);
            assertThat(notAllowed.awsErrorDetails().errorMessage())
                    .isEqualTo("User: arn:aws:iam::111111111111:user/alice is not authorized to perform:"
                            + " sts:DecodeAuthorizationMessage because no identity-based policy allows the"
                            + " sts:DecodeAuthorizationMessage action");

            Journal.Entry entry = last(f, "ec2:TerminateInstances");
            assertThat(entry.decision()).isEqualTo("UnauthorizedOperation");
            assertThat(entry.mutated()).isFalse();
            assertThat(f.sandbox.journal().anyMutation()).isFalse();
            assertThat(state(f.ec2(f.keys("sofia")), SOFIAS)).isEqualTo(InstanceStateName.RUNNING);
        }
    }

    @Test
    void aDescribeCallRefusedNamesNoResourceAndCarriesNoEncodedMessage() throws Exception {
        try (SandboxFixture f = new SandboxFixture()) {
            Ec2Exception denied = refused(() -> f.ec2(f.keys("alice")).describeInstances());
            assertError(
                    denied,
                    403,
                    "UnauthorizedOperation",
                    "You are not authorized to perform this operation. User: arn:aws:iam::111111111111:user/alice is"
                            + " not authorized to perform: ec2:DescribeInstances because no identity-based policy"
                            + " allows the ec2:DescribeInstances action");
        }
    }

    @Test
    void aRunInstancesRetriedWithItsClientTokenLaunchesOnce() throws Exception {
        try (SandboxFixture f = new SandboxFixture()) {
            Ec2Client ec2 = f.ec2(f.privilegedRole(DEVELOPMENT));
            int before = ec2.describeInstances().reservations().size();
            String first = ec2.runInstances(r -> r.imageId("ami-0abcdef12345678")
                            .minCount(1)
                            .maxCount(1)
                            .clientToken("retry-1"))
                    .instances()
                    .get(0)
                    .instanceId();
            String again = ec2.runInstances(r -> r.imageId("ami-0abcdef12345678")
                            .minCount(1)
                            .maxCount(1)
                            .clientToken("retry-1"))
                    .instances()
                    .get(0)
                    .instanceId();
            assertThat(again).isEqualTo(first);
            assertThat(last(f, "ec2:RunInstances").mutated()).isFalse();
            assertThat(ec2.describeInstances().reservations()).hasSize(before + 1);
        }
    }

    @Test
    void unknownFiltersAndUnmodelledParametersAreRefusedBeforeAnyChange() throws Exception {
        try (SandboxFixture f = new SandboxFixture()) {
            Ec2Client ec2 = f.ec2(f.privilegedRole(DEVELOPMENT));
            assertError(
                    refused(() -> ec2.describeInstances(r -> r.filters(filter("no-such-filter", "x")))),
                    400,
                    "InvalidParameterValue",
                    "The filter 'no-such-filter' is invalid");
            Ec2Exception force =
                    refused(() -> ec2.stopInstances(r -> r.instanceIds(RUNNING).force(true)));
            assertThat(force.statusCode()).isEqualTo(400);
            assertThat(force.awsErrorDetails().errorCode()).isEqualTo("Unsupported");
            // Tags for a volume the sandbox does not model: refused, not dropped.
            int before = ec2.describeInstances().reservations().size();
            Ec2Exception volumeTags = refused(() -> ec2.runInstances(r -> r.imageId("ami-0abcdef12345678")
                    .minCount(1)
                    .maxCount(1)
                    .tagSpecifications(software.amazon.awssdk.services.ec2.model.TagSpecification.builder()
                            .resourceType("volume")
                            .tags(software.amazon.awssdk.services.ec2.model.Tag.builder()
                                    .key("k")
                                    .value("v")
                                    .build())
                            .build())));
            assertThat(volumeTags.awsErrorDetails().errorCode()).isEqualTo("Unsupported");
            assertThat(ec2.describeInstances().reservations()).hasSize(before);
            // Its default means nothing: accepted.
            ec2.describeInstances(r -> r.filters(filter("instance-type", "t3.large")));
            assertThat(ec2.describeInstances(r -> r.filters(filter("instance-type", "t3.large")))
                            .reservations())
                    .hasSize(1);
            assertThat(f.sandbox.journal().anyMutation()).isFalse();
            assertThat(state(ec2, RUNNING)).isEqualTo(InstanceStateName.RUNNING);
        }
    }

    /**
     * A world with one operator whose policy allows terminating anything but denies it on an
     * instance tagged env=prod (by aws:ResourceTag), and allows stopping only instances whose
     * owner tag is the caller (by ec2:ResourceTag and ${aws:username}); and a user of another
     * account allowed to decode authorization messages.
     */
    private static final String TAGGED_WORLD = """
            apiVersion: guard/v1
            kind: SandboxSeed
            accounts:
              - name: identity
                id: "111111111111"
                users:
                  - name: ops
                    accessKeyId: AKIASANDBOXOPSTAG001
                    secretAccessKey: SandboxOnlyOpsTagFakeSecretKeyDoNotUse/0
                    policies:
                      - name: TerminateButNotProd
                        document:
                          Version: "2012-10-17"
                          Statement:
                            - Sid: Describe
                              Effect: Allow
                              Action: ec2:Describe*
                              Resource: "*"
                            - Sid: TerminateAny
                              Effect: Allow
                              Action: ec2:TerminateInstances
                              Resource: "*"
                            - Sid: NeverTerminateProd
                              Effect: Deny
                              Action: [ec2:TerminateInstances, ec2:ModifyInstanceAttribute]
                              Resource: "*"
                              Condition:
                                StringEquals:
                                  aws:ResourceTag/env: prod
                            - Sid: DecodeInUsEast1
                              Effect: Allow
                              Action: sts:DecodeAuthorizationMessage
                              Resource: "*"
                              Condition:
                                StringEquals:
                                  aws:RequestedRegion: us-east-1
                            - Sid: StopOwnInstances
                              Effect: Allow
                              Action: ec2:StopInstances
                              Resource: "*"
                              Condition:
                                StringEquals:
                                  ec2:ResourceTag/owner: ${aws:username}
                instances:
                  - {id: i-0a11111111111111a, state: running, tags: {env: prod, owner: ops}}
                  - {id: i-0a11111111111111b, state: running}
                  - {id: i-0a11111111111111c, state: running, tags: {owner: someone-else}}
              - name: elsewhere
                id: "222222222222"
                users:
                  - name: peer
                    accessKeyId: AKIASANDBOXPEERTAG01
                    secretAccessKey: SandboxOnlyPeerTagFakeSecretKeyDoNotUse/
                    policies:
                      - name: Decode
                        document:
                          Version: "2012-10-17"
                          Statement:
                            - Effect: Allow
                              Action: sts:DecodeAuthorizationMessage
                              Resource: "*"
            """;

    @Test
    void policiesSeeAnInstancesTagsAsResourceTagsOnEveryActionOnIt() throws Exception {
        SeedWorld world = SeedLoader.parse(TAGGED_WORLD.getBytes(StandardCharsets.UTF_8), Path.of("seed.yaml"))
                .orElseThrow();
        String prod = "i-0a11111111111111a";
        String untagged = "i-0a11111111111111b";
        String others = "i-0a11111111111111c";
        try (SandboxFixture f = new SandboxFixture(world)) {
            AwsCredentials ops = f.keys("ops");
            Ec2Client ec2 = f.ec2(ops);
            Ec2Exception denied = refused(() -> ec2.terminateInstances(r -> r.instanceIds(prod)));
            assertThat(denied.statusCode()).isEqualTo(403);
            assertThat(denied.awsErrorDetails().errorCode()).isEqualTo("UnauthorizedOperation");
            assertThat(denied.awsErrorDetails().errorMessage())
                    .contains("is not authorized to perform: ec2:TerminateInstances on resource:"
                            + " arn:aws:ec2:us-east-1:111111111111:instance/" + prod
                            + " with an explicit deny in an identity-based policy");
            assertThat(last(f, "ec2:TerminateInstances").decidingStatement())
                    .contains("TerminateButNotProd#NeverTerminateProd");
            if (AwsCliV2.present()) {
                AwsCliV2.Run cli = new AwsCliV2(f.endpoint())
                        .inRegion("us-east-1")
                        .run(AwsCliV2.credentials(ops), "ec2", "terminate-instances", "--instance-ids", prod);
                assertThat(cli.exit()).isEqualTo(254);
                assertThat(cli.err())
                        .contains("An error occurred (UnauthorizedOperation) when calling the TerminateInstances"
                                + " operation: You are not authorized to perform this operation.");
                // A batch with the protected one in it is refused whole.
                AwsCliV2.Run batch = new AwsCliV2(f.endpoint())
                        .inRegion("us-east-1")
                        .run(AwsCliV2.credentials(ops), "ec2", "terminate-instances", "--instance-ids", untagged, prod);
                assertThat(batch.exit()).isEqualTo(254);
                assertThat(batch.err()).contains("(UnauthorizedOperation)");
            }
            Ec2Exception protect = refused(() ->
                    ec2.modifyInstanceAttribute(r -> r.instanceId(prod).disableApiTermination(a -> a.value(false))));
            assertThat(protect.awsErrorDetails().errorCode()).isEqualTo("UnauthorizedOperation");
            assertThat(state(ec2, prod)).isEqualTo(InstanceStateName.RUNNING);
            assertThat(state(ec2, untagged)).isEqualTo(InstanceStateName.RUNNING);
            assertThat(f.sandbox.journal().anyMutation()).isFalse();

            // The owner-tag Allow: ops may stop its own instance, not another's.
            assertThat(ec2.stopInstances(r -> r.instanceIds(prod))
                            .stoppingInstances()
                            .get(0)
                            .currentState()
                            .name())
                    .isIn(InstanceStateName.STOPPING, InstanceStateName.STOPPED);
            assertThat(last(f, "ec2:StopInstances").decidingStatement())
                    .contains("TerminateButNotProd#StopOwnInstances");
            Ec2Exception notTheirs = refused(() -> ec2.stopInstances(r -> r.instanceIds(others)));
            assertThat(notTheirs.awsErrorDetails().errorCode()).isEqualTo("UnauthorizedOperation");
            assertThat(state(ec2, others)).isEqualTo(InstanceStateName.RUNNING);

            // Untagged, the Deny does not apply: terminated, through the CLI v2 when present.
            if (AwsCliV2.present()) {
                AwsCliV2.Run cli = new AwsCliV2(f.endpoint())
                        .inRegion("us-east-1")
                        .run(AwsCliV2.credentials(ops), "ec2", "terminate-instances", "--instance-ids", untagged);
                assertThat(cli.exit()).as(cli.err()).isZero();
                assertThat(JSON.readTree(cli.out())
                                .path("TerminatingInstances")
                                .get(0)
                                .path("InstanceId")
                                .asText())
                        .isEqualTo(untagged);
            } else {
                ec2.terminateInstances(r -> r.instanceIds(untagged));
            }
            assertThat(state(ec2, untagged)).isIn(InstanceStateName.SHUTTING_DOWN, InstanceStateName.TERMINATED);
            assertThat(state(ec2, prod)).isNotEqualTo(InstanceStateName.TERMINATED);
        }
    }

    @Test
    void onlyTheAccountARequestWasRefusedInCanDecodeItsMessage() throws Exception {
        SeedWorld world = SeedLoader.parse(TAGGED_WORLD.getBytes(StandardCharsets.UTF_8), Path.of("seed.yaml"))
                .orElseThrow();
        try (SandboxFixture f = new SandboxFixture(world)) {
            AwsCredentials ops = f.keys("ops");
            Ec2Exception denied =
                    refused(() -> f.ec2(ops).terminateInstances(r -> r.instanceIds("i-0a11111111111111a")));
            String message = denied.awsErrorDetails().errorMessage();
            String encoded = message.substring(message.indexOf("message: ") + "message: ".length());
            // The caller's own account decodes it; its policy needs aws:RequestedRegion, which STS sets.
            JsonNode decoded = JSON.readTree(f.sts(ops)
                    .decodeAuthorizationMessage(r -> r.encodedMessage(encoded))
                    .decodedMessage());
            assertThat(decoded.path("explicitDeny").asBoolean()).isTrue();
            assertThat(decoded.path("context").path("conditions").path("items").findValuesAsText("key"))
                    .contains("aws:ResourceTag/env", "ec2:ResourceTag/env");
            assertThat(last(f, "sts:DecodeAuthorizationMessage").decidingStatement())
                    .contains("TerminateButNotProd#DecodeInUsEast1");
            // Another account's caller, though allowed to decode, cannot read it.
            StsException foreign = catchThrowableOfType(
                    StsException.class,
                    () -> f.sts(f.keys("peer")).decodeAuthorizationMessage(r -> r.encodedMessage(encoded)));
            assertThat(foreign.statusCode()).isEqualTo(400);
            assertThat(foreign.awsErrorDetails().errorCode()).isEqualTo("InvalidAuthorizationMessageException");
            if (AwsCliV2.present()) {
                AwsCliV2.Run cli = new AwsCliV2(f.endpoint())
                        .inRegion("us-east-1")
                        .run(
                                AwsCliV2.credentials(f.keys("peer")),
                                "sts",
                                "decode-authorization-message",
                                "--encoded-message",
                                encoded);
                assertThat(cli.exit()).isEqualTo(254);
                assertThat(cli.err())
                        .contains("An error occurred (InvalidAuthorizationMessageException) when calling the"
                                + " DecodeAuthorizationMessage operation");
                assertThat(cli.out()).isEmpty();
            }
            assertThat(f.sandbox.journal().anyMutation()).isFalse();
        }
    }
}
