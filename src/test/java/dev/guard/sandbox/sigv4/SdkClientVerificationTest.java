package dev.guard.sandbox.sigv4;

import static org.assertj.core.api.Assertions.assertThat;

import dev.guard.sandbox.sigv4.Verification.Verified;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.PresignedGetObjectRequest;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Whole SDK client calls, with the clients' own default signing (checksum trailers for S3
 * PutObject, session tokens, presigning), verified as the sandbox would receive them. The clients
 * sign at the real time, so the verifier uses the system clock here.
 */
class SdkClientVerificationTest {
    private static final URI SANDBOX = URI.create("http://127.0.0.1:4566");
    private static final KnownCredential SESSION = new KnownCredential(
            SdkSigning.SESSION.accessKeyId(),
            SdkSigning.SESSION.secretAccessKey(),
            SdkSigning.SESSION.sessionToken(),
            Optional.of(Instant.now().plus(Duration.ofHours(1))),
            SdkSigning.SESSION.principalId());
    private final SigV4Verifier verifier = new SigV4Verifier(
            id -> Stream.of(SdkSigning.ALICE, SESSION)
                    .filter(c -> c.accessKeyId().equals(id))
                    .findFirst(),
            Clock.systemUTC());

    private static StaticCredentialsProvider credentials(KnownCredential credential) {
        return StaticCredentialsProvider.create(
                (software.amazon.awssdk.auth.credentials.AwsCredentials) SdkSigning.identity(credential));
    }

    private Verified verified(SignedRequest request) {
        Verification result = verifier.verify(request);
        assertThat(result).isInstanceOf(Verified.class);
        return (Verified) result;
    }

    @Test
    void stsGetCallerIdentityWithTemporaryCredentials() {
        CapturingHttpClient http = new CapturingHttpClient(
                "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><GetCallerIdentityResult>"
                        + "<Arn>arn:aws:sts::111111111111:assumed-role/r/s</Arn></GetCallerIdentityResult>"
                        + "</GetCallerIdentityResponse>",
                Map.of("Content-Type", "text/xml"));
        try (StsClient sts = StsClient.builder()
                .httpClient(http)
                .endpointOverride(SANDBOX)
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials(SESSION))
                .build()) {
            sts.getCallerIdentity();
        }

        assertThat(verified(http.last()).credential()).isEqualTo(SESSION);
    }

    @Test
    void ec2DescribeInstances() {
        CapturingHttpClient http = new CapturingHttpClient(
                "<DescribeInstancesResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\"><reservationSet/>"
                        + "</DescribeInstancesResponse>",
                Map.of("Content-Type", "text/xml"));
        try (Ec2Client ec2 = Ec2Client.builder()
                .httpClient(http)
                .endpointOverride(SANDBOX)
                .region(Region.EU_WEST_1)
                .credentialsProvider(credentials(SdkSigning.ALICE))
                .build()) {
            ec2.describeInstances(r -> r.instanceIds("i-0123456789abcdef0"));
        }

        Verified verified = verified(http.last());
        assertThat(verified.region()).isEqualTo("eu-west-1");
        assertThat(verified.service()).isEqualTo("ec2");
    }

    @Test
    void dynamoDbDeleteTable() {
        CapturingHttpClient http = new CapturingHttpClient("{}", Map.of("Content-Type", "application/x-amz-json-1.0"));
        try (DynamoDbClient dynamo = DynamoDbClient.builder()
                .httpClient(http)
                .endpointOverride(SANDBOX)
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials(SdkSigning.ALICE))
                .build()) {
            dynamo.deleteTable(r -> r.tableName("orders"));
        }

        assertThat(new String(verified(http.last()).payload(), StandardCharsets.UTF_8))
                .contains("orders");
    }

    @Test
    void s3PutObjectOverHttpSendsASignedChunkedBodyWithAChecksumTrailer() {
        SignedRequest request = putObject(SANDBOX, "dir/a b+c ü.txt", "hello sandbox");

        assertThat(request.header("x-amz-content-sha256")).startsWith("STREAMING-");
        Verified verified = verified(request);
        assertThat(new String(verified.payload(), StandardCharsets.UTF_8)).isEqualTo("hello sandbox");
        assertThat(verified.trailers()).containsOnlyKeys("x-amz-checksum-crc32");
    }

    @Test
    void s3PutObjectOverHttpsSendsAnUnsignedChunkedBodyWithAChecksumTrailer() {
        SignedRequest request = putObject(URI.create("https://127.0.0.1:4566"), "k", "hello sandbox");

        assertThat(request.header("x-amz-content-sha256")).isEqualTo("STREAMING-UNSIGNED-PAYLOAD-TRAILER");
        assertThat(new String(verified(request).payload(), StandardCharsets.UTF_8))
                .isEqualTo("hello sandbox");
    }

    private static SignedRequest putObject(URI endpoint, String key, String body) {
        CapturingHttpClient http = new CapturingHttpClient("", Map.of("ETag", "\"etag\""));
        try (S3Client s3 = S3Client.builder()
                .httpClient(http)
                .endpointOverride(endpoint)
                .forcePathStyle(true)
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials(SdkSigning.ALICE))
                .build()) {
            s3.putObject(r -> r.bucket("guard-protected-artifacts").key(key), RequestBody.fromString(body));
        }
        return http.last();
    }

    @Test
    void s3PresignerGetObjectUrl() {
        PresignedGetObjectRequest presigned;
        try (S3Presigner presigner = S3Presigner.builder()
                .endpointOverride(SANDBOX)
                .region(Region.US_EAST_1)
                .serviceConfiguration(software.amazon.awssdk.services.s3.S3Configuration.builder()
                        .pathStyleAccessEnabled(true)
                        .build())
                .credentialsProvider(credentials(SESSION))
                .build()) {
            presigned = presigner.presignGetObject(r -> r.signatureDuration(Duration.ofMinutes(10))
                    .getObjectRequest(g -> g.bucket("guard-protected-artifacts").key("reports/q1 ü.pdf")));
        }

        assertThat(verified(SdkSigning.received(presigned.httpRequest(), new byte[0]))
                        .service())
                .isEqualTo("s3");
    }
}
