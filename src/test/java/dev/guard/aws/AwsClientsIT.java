package dev.guard.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.guard.sandbox.SandboxFixture;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sts.StsClient;

/** The generic client factory against the sandbox: any service's builder, configured like the rest. */
class AwsClientsIT {
    private final SandboxFixture f;
    private final AwsClients clients;

    AwsClientsIT() throws Exception {
        f = new SandboxFixture();
        clients = new AwsClients(Optional.of(f.endpoint()));
    }

    @AfterEach
    void stop() {
        clients.close();
        f.close();
    }

    @Test
    void anyServicesBuilderGivesAClientThatReachesTheEndpointOverride() {
        var alice = StaticCredentialsProvider.create(f.keys("alice"));
        StsClient sts = clients.client(StsClient::builder, alice, "us-east-1");

        assertThat(sts.getCallerIdentity().arn()).isEqualTo("arn:aws:iam::111111111111:user/alice");
        var role = StaticCredentialsProvider.create(f.privilegedRole("222222222222"));
        Ec2Client ec2 = clients.client(Ec2Client::builder, role, "us-east-1");
        assertThat(ec2.describeInstances().reservations()).isNotEmpty();
    }

    @Test
    void theS3ClientUsesPathStyleAgainstAnEndpointOverride() {
        var alice = StaticCredentialsProvider.create(f.keys("alice"));
        S3Client s3 = clients.s3(alice, "us-east-1");

        // Virtual-host style would address guard-protected-artifacts.127.0.0.1, which does not resolve.
        assertThat(s3.serviceClientConfiguration().endpointOverride()).contains(f.endpoint());
        f.sandbox.journal().clear();
        try {
            s3.headBucket(b -> b.bucket("guard-protected-artifacts"));
        } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
            // Refused is fine: what matters is that the request reached the sandbox as a path.
        }
        assertThat(f.sandbox.journal().entries()).isNotEmpty();
    }

    @Test
    void manyClientsShareOneTimeoutExecutorInsteadOfAPoolEach() {
        // A run across 200 accounts builds a client or two per account and keeps them: with a pool
        // of its own per client (the SDK's default), that was 1,400 threads (bench/org).
        var role = StaticCredentialsProvider.create(f.privilegedRole("222222222222"));
        long before = sdkTimeoutThreads();
        List<Ec2Client> kept = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Ec2Client ec2 = clients.ec2(role, "us-east-1");
            ec2.describeInstances();
            kept.add(ec2);
        }

        assertThat(kept).hasSize(20);
        assertThat(sdkTimeoutThreads() - before).isZero();
        assertThat(clients.timeouts().getPoolSize()).isBetween(1, AwsClients.TIMEOUT_THREADS);
        // Each finished call cancelled its two timeouts, and they left the queue with it.
        assertThat(clients.timeouts().getQueue()).isEmpty();
    }

    /** The threads of the pools the SDK starts for a client given no executor. */
    private static long sdkTimeoutThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("sdk-ScheduledExecutor"))
                .count();
    }
}
