package dev.guard.sandbox.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The sandbox's wire scenarios against LocalStack, where a Docker engine exists (skipped cleanly
 * where none does). LocalStack's community image enforces neither IAM nor MFA, so only wire
 * behaviour is compared here, never authorization. The image is overridable with
 * LOCALSTACK_IMAGE; LOCALSTACK_AUTH_TOKEN is passed through for images that need one.
 */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackIT {
    private static final String IMAGE =
            Optional.ofNullable(System.getenv("LOCALSTACK_IMAGE")).orElse("localstack/localstack:4.14.0");

    @Container
    static final LocalStackContainer LOCALSTACK =
            withToken(new LocalStackContainer(DockerImageName.parse(IMAGE)).withServices("s3", "sts"));

    private static LocalStackContainer withToken(LocalStackContainer c) {
        Optional.ofNullable(System.getenv("LOCALSTACK_AUTH_TOKEN"))
                .ifPresent(t -> c.withEnv("LOCALSTACK_AUTH_TOKEN", t));
        return c;
    }

    private static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(
                AwsBasicCredentials.create(LOCALSTACK.getAccessKey(), LOCALSTACK.getSecretKey()));
    }

    private static S3Client s3() {
        return S3Client.builder()
                .endpointOverride(LOCALSTACK.getEndpoint())
                .region(Region.of(LOCALSTACK.getRegion()))
                .forcePathStyle(true)
                .credentialsProvider(credentials())
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    @Test
    void getCallerIdentityAnswersInAwsShape() {
        var sts = StsClient.builder()
                .endpointOverride(LOCALSTACK.getEndpoint())
                .region(Region.of(LOCALSTACK.getRegion()))
                .credentialsProvider(credentials())
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
        var id = sts.getCallerIdentity();
        assertThat(id.account()).matches("\\d{12}");
        assertThat(id.arn()).startsWith("arn:aws:");
    }

    @Test
    void objectsRoundTripAndAMissingKeyIsNoSuchKey() {
        var s3 = s3();
        s3.createBucket(r -> r.bucket("guard-wire"));
        s3.putObject(r -> r.bucket("guard-wire").key("releases/a.txt"), RequestBody.fromString("hello"));
        assertThat(s3.getObjectAsBytes(r -> r.bucket("guard-wire").key("releases/a.txt"))
                        .asUtf8String())
                .isEqualTo("hello");
        assertThat(s3.listObjectsV2(r -> r.bucket("guard-wire").prefix("releases/"))
                        .keyCount())
                .isEqualTo(1);
        s3.deleteObject(r -> r.bucket("guard-wire").key("releases/a.txt"));
        assertThatThrownBy(() -> s3.getObject(r -> r.bucket("guard-wire").key("releases/a.txt")))
                .satisfies(t -> assertThat(((S3Exception) t).awsErrorDetails().errorCode())
                        .isEqualTo("NoSuchKey"));
    }
}
