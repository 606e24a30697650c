package dev.guard.sandbox;

import dev.guard.sandbox.seed.SeedLoader;
import dev.guard.sandbox.seed.SeedUser;
import dev.guard.sandbox.seed.SeedWorld;
import dev.guard.sandbox.seed.Totp;
import dev.guard.sandbox.timing.Speed;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * A seeded sandbox on a free port with a clock the test controls, and real SDK clients pointed
 * at it (endpoint override only, as a user would).
 */
public final class SandboxFixture implements AutoCloseable {
    public final SeedWorld world;
    // The sandbox's clock starts at real time (the SDK signs with it) and only moves forward.
    public final MutableClock clock;
    public final Sandbox sandbox;
    /** What the sandbox could not save (only with a state directory). */
    public final java.util.List<String> warnings = new java.util.concurrent.CopyOnWriteArrayList<>();

    public SandboxFixture() throws Exception {
        this(SeedLoader.bundled());
    }

    public SandboxFixture(SeedWorld world) throws Exception {
        this(world, Speed.INSTANT);
    }

    /**
     * A seeded sandbox whose state changes take time at {@code speed} on the fixture's clock: they
     * end only when the test moves {@link #clock} past them (instant by default, as most tests want).
     */
    public SandboxFixture(Speed speed) throws Exception {
        this(SeedLoader.bundled(), speed);
    }

    /**
     * A sandbox seeded from {@code yaml}, a seed file's text, loaded as `--seed FILE` loads one
     * (written to {@code dir}); a seed with problems fails the test naming them.
     */
    public static SandboxFixture seeded(java.nio.file.Path dir, String yaml) throws Exception {
        java.nio.file.Path file = java.nio.file.Files.writeString(dir.resolve("seed.yaml"), yaml);
        var loaded = SeedLoader.load(file);
        if (!loaded.problems().isEmpty()) {
            throw new AssertionError(
                    "the test's seed has problems: " + loaded.problems().sorted());
        }
        return new SandboxFixture(loaded.world().orElseThrow());
    }

    public SandboxFixture(SeedWorld world, Speed speed) throws Exception {
        this.world = world;
        this.clock = new MutableClock(Instant.now());
        sandbox = Sandbox.start(world, 0, clock, line -> {}, java.util.Optional.empty(), line -> {}, speed);
    }

    /** A seeded sandbox whose world lives in {@code stateDir} (see {@code guard sandbox --state-dir}). */
    public SandboxFixture(java.nio.file.Path stateDir) throws Exception {
        this(stateDir, Instant.now());
    }

    /** As above, with the sandbox's clock starting at {@code start} (within 15 minutes of now, or the SDK's signatures are refused). */
    public SandboxFixture(java.nio.file.Path stateDir, Instant start) throws Exception {
        this(stateDir, start, Speed.INSTANT);
    }

    /** As above, with state changes taking time at {@code speed} on the fixture's clock. */
    public SandboxFixture(java.nio.file.Path stateDir, Instant start, Speed speed) throws Exception {
        this.world = SeedLoader.bundled();
        this.clock = new MutableClock(start);
        sandbox = Sandbox.start(world, 0, clock, line -> {}, java.util.Optional.of(stateDir), warnings::add, speed);
    }

    public URI endpoint() {
        return sandbox.endpoint();
    }

    public SeedUser user(String name) {
        return world.accounts().stream()
                .flatMap(a -> a.users().stream())
                .filter(u -> u.name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    public AwsCredentials keys(String userName) {
        SeedUser u = user(userName);
        return AwsBasicCredentials.create(u.accessKeyId(), u.secretAccessKey());
    }

    /** An account's root user, as the seed gives it (keys and the root-account-mfa-device). */
    public dev.guard.sandbox.seed.SeedRoot root(String accountId) {
        return world.accounts().stream()
                .filter(a -> a.id().equals(accountId))
                .findFirst()
                .flatMap(a -> a.root())
                .orElseThrow();
    }

    public AwsCredentials rootKeys(String accountId) {
        var root = root(accountId);
        return AwsBasicCredentials.create(root.accessKeyId(), root.secretAccessKey());
    }

    /** The {@code x-amz-mfa} value of the root user's device with its code now ("SERIAL CODE"). */
    public String rootMfa(String accountId) {
        var device = root(accountId).mfaDevice().orElseThrow();
        return device.serial() + " " + Totp.code(device.base32Secret(), clock.instant());
    }

    public static AwsCredentials session(Credentials c) {
        return AwsSessionCredentials.create(c.accessKeyId(), c.secretAccessKey(), c.sessionToken());
    }

    /** The user's current MFA code, then moves the sandbox clock to the next step so the next code is fresh. */
    public String nextCode(String userName) {
        String code = Totp.code(user(userName).mfaDevice().orElseThrow().base32Secret(), clock.instant());
        return code;
    }

    public void nextTotpStep() {
        clock.advance(Duration.ofSeconds(30));
    }

    public String serial(String userName) {
        return user(userName).mfaDevice().orElseThrow().serial();
    }

    /** A real SDK client pointed at the sandbox: endpoint override only, no retries (tests see every answer). */
    private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C pointed(
            B builder, Region region, AwsCredentials credentials) {
        return builder.endpointOverride(endpoint())
                .region(region)
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    public StsClient sts(AwsCredentials credentials) {
        return pointed(StsClient.builder(), Region.US_EAST_1, credentials);
    }

    public Ec2Client ec2(AwsCredentials credentials) {
        return pointed(Ec2Client.builder(), Region.US_EAST_1, credentials);
    }

    /** The one instance {@code id}, as DescribeInstances shows it to {@code ec2}'s caller. */
    public static Instance describe(Ec2Client ec2, String id) {
        return ec2.describeInstances(r -> r.instanceIds(id))
                .reservations()
                .get(0)
                .instances()
                .get(0);
    }

    /** A CreateTable request keyed by a string {@code id}, billed per request: the least AWS accepts. */
    public static CreateTableRequest.Builder keyedById(CreateTableRequest.Builder r) {
        return r.keySchema(KeySchemaElement.builder()
                        .attributeName("id")
                        .keyType(KeyType.HASH)
                        .build())
                .attributeDefinitions(AttributeDefinition.builder()
                        .attributeName("id")
                        .attributeType(ScalarAttributeType.S)
                        .build())
                .billingMode(BillingMode.PAY_PER_REQUEST);
    }

    public DynamoDbClient dynamodb(AwsCredentials credentials) {
        return pointed(DynamoDbClient.builder(), Region.US_EAST_1, credentials);
    }

    /** Credentials of alice's role session in {@code accountId}, assumed with a fresh MFA code. */
    public AwsCredentials privilegedRole(String accountId) {
        var role = sts(keys("alice"))
                .assumeRole(r -> r.roleArn("arn:aws:iam::" + accountId + ":role/PrivilegedActionsRole")
                        .roleSessionName("fixture")
                        .serialNumber(serial("alice"))
                        .tokenCode(nextCode("alice")));
        nextTotpStep();
        return session(role.credentials());
    }

    public IamClient iam(AwsCredentials credentials) {
        return pointed(IamClient.builder(), Region.AWS_GLOBAL, credentials);
    }

    public S3Client s3(AwsCredentials credentials) {
        return pointed(S3Client.builder().forcePathStyle(true), Region.US_EAST_1, credentials);
    }

    @Override
    public void close() {
        sandbox.close();
    }
}
