package dev.guard.aws;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Builds the SDK clients guard calls AWS (or the sandbox) with, all configured the same way:
 * explicit region and credentials (so start-up never probes instance metadata or a config chain),
 * the URLConnection HTTP client, and <em>no</em> SDK retries — {@link Calls} is the single retry
 * layer, so a throttled call is never retried 3 × 5 times by two stacked layers.
 *
 * <p>One instance per run; it owns the HTTP client and closes it.
 */
public final class AwsClients implements AutoCloseable {
    /** One attempt may take this long (a slow endpoint is retried, not waited on forever). */
    static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(30);

    /** The environment variable that changes {@link #ATTEMPT_TIMEOUT}, in whole seconds. */
    public static final String ATTEMPT_TIMEOUT_VARIABLE = "GUARD_ATTEMPT_TIMEOUT";

    private final Optional<URI> endpoint;
    private final Duration attemptTimeout;
    private final SdkHttpClient http;
    /**
     * Where every client's attempt and call timeouts are scheduled. Left to itself, each SDK client
     * starts a pool of its own (up to 5 threads, alive as long as the client): a run across 200
     * accounts, a client or two per account, held 1,400 threads and 87 MB of their stacks
     * (bench/org). A timeout task only aborts a call, so two threads serve them all.
     */
    private final ScheduledThreadPoolExecutor timeouts;

    /** @param endpoint an endpoint override ({@code --endpoint-url}, {@code AWS_ENDPOINT_URL}, the sandbox) */
    public AwsClients(Optional<URI> endpoint) {
        this(endpoint, ATTEMPT_TIMEOUT);
    }

    /** @param attemptTimeout how long one attempt of a call may take before it counts as unanswered */
    public AwsClients(Optional<URI> endpoint, Duration attemptTimeout) {
        this.endpoint = endpoint;
        this.attemptTimeout = attemptTimeout;
        this.http = UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(Math.min(10, attemptTimeout.toSeconds())))
                .socketTimeout(attemptTimeout)
                .build();
        this.timeouts = new ScheduledThreadPoolExecutor(TIMEOUT_THREADS, r -> {
            Thread t = new Thread(r, "guard-sdk-timeouts");
            t.setDaemon(true);
            return t;
        });
        // Each call schedules its timeouts and cancels them when it returns: drop them then, rather
        // than keep thousands queued until their 30 s would have passed.
        timeouts.setRemoveOnCancelPolicy(true);
    }

    static final int TIMEOUT_THREADS = 2;

    /**
     * The attempt timeout {@code GUARD_ATTEMPT_TIMEOUT} asks for (1–600 s), else 30 s. For slow
     * links, and for rehearsing timeouts on the sandbox without waiting half a minute each.
     */
    public static Duration attemptTimeout(Optional<String> variable) {
        if (variable.isEmpty() || variable.get().isBlank()) {
            return ATTEMPT_TIMEOUT;
        }
        try {
            int seconds = Integer.parseInt(variable.get().strip());
            if (seconds >= 1 && seconds <= 600) {
                return Duration.ofSeconds(seconds);
            }
        } catch (NumberFormatException e) {
            // fall through to the message below
        }
        throw dev.guard.error.GuardException.invalid(ATTEMPT_TIMEOUT_VARIABLE + "='"
                + variable.get().replaceAll("\\p{Cntrl}", "?") + "': expected whole seconds from 1 to 600");
    }

    public Optional<URI> endpoint() {
        return endpoint;
    }

    /**
     * The HTTP client every SDK client here shares, for the one service guard speaks by hand (AWS
     * Organizations: see {@code credentials.OrganizationReader}).
     */
    public SdkHttpClient http() {
        return http;
    }

    /**
     * A client of any AWS service, configured like every other: {@code client(LambdaClient::builder,
     * credentials, region)}. A new action needs no method here, only its service's SDK module in the
     * pom. (S3 takes {@link #s3}: it needs path-style addressing against an endpoint override, and
     * testing every builder for S3's type here would load S3's classes for every client.)
     */
    public <B extends AwsClientBuilder<B, C>, C extends SdkClient> C client(
            Supplier<B> builder, AwsCredentialsProvider credentials, String region) {
        return configure(builder.get(), credentials, region).build();
    }

    public StsClient sts(AwsCredentialsProvider credentials, String region) {
        return client(StsClient::builder, credentials, region);
    }

    public IamClient iam(AwsCredentialsProvider credentials) {
        // IAM is a global service signed for us-east-1 (aws-global).
        return client(IamClient::builder, credentials, "aws-global");
    }

    public Ec2Client ec2(AwsCredentialsProvider credentials, String region) {
        return client(Ec2Client::builder, credentials, region);
    }

    public DynamoDbClient dynamoDb(AwsCredentialsProvider credentials, String region) {
        return client(DynamoDbClient::builder, credentials, region);
    }

    public S3Client s3(AwsCredentialsProvider credentials, String region) {
        // Path-style addressing with an endpoint override: a local endpoint has no per-bucket DNS names.
        return configure(S3Client.builder(), credentials, region)
                .forcePathStyle(endpoint.isPresent())
                .build();
    }

    private <B extends AwsClientBuilder<B, ?>> B configure(
            B builder, AwsCredentialsProvider credentials, String region) {
        builder.credentialsProvider(credentials)
                .region(Region.of(region))
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallAttemptTimeout(attemptTimeout)
                        .apiCallTimeout(attemptTimeout.multipliedBy(2))
                        .scheduledExecutorService(timeouts)
                        .build());
        endpoint.ifPresent(builder::endpointOverride);
        if (builder instanceof SdkSyncClientBuilder<?, ?> sync) {
            sync.httpClient(http);
        }
        return builder;
    }

    /** The executor every client's timeouts run on: the same one for every client of this instance. */
    ScheduledThreadPoolExecutor timeouts() {
        return timeouts;
    }

    @Override
    public void close() {
        http.close();
        timeouts.shutdownNow();
    }
}
