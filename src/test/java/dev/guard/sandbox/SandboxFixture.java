package dev.guard.sandbox;

import dev.guard.sandbox.seed.SeedLoader;
import dev.guard.sandbox.seed.SeedUser;
import dev.guard.sandbox.seed.SeedWorld;
import dev.guard.sandbox.seed.Totp;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
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
    public final MutableClock clock = new MutableClock(Instant.now());
    public final Sandbox sandbox;

    public SandboxFixture() throws Exception {
        this(SeedLoader.bundled());
    }

    public SandboxFixture(SeedWorld world) throws Exception {
        this.world = world;
        sandbox = Sandbox.start(world, 0, clock, line -> {});
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

    public StsClient sts(AwsCredentials credentials) {
        return StsClient.builder()
                .endpointOverride(endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    public Ec2Client ec2(AwsCredentials credentials) {
        return Ec2Client.builder()
                .endpointOverride(endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    public DynamoDbClient dynamodb(AwsCredentials credentials) {
        return DynamoDbClient.builder()
                .endpointOverride(endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
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
        return IamClient.builder()
                .endpointOverride(endpoint())
                .region(Region.AWS_GLOBAL)
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    public S3Client s3(AwsCredentials credentials) {
        return S3Client.builder()
                .endpointOverride(endpoint())
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    @Override
    public void close() {
        sandbox.close();
    }
}
