package dev.guard.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sts.StsClient;

/** The sandbox refuses what AWS's signature checks refuse, through real HTTP. */
class SignatureStrictnessIT {
    private static final String BUCKET = "guard-protected-artifacts";
    private static final String FORM = "application/x-www-form-urlencoded; charset=utf-8";

    @TempDir
    Path temp;

    @Test
    void onlyS3AcceptsAnUnsignedPayloadSoASignedCallCannotBeSwappedForAnother() throws Exception {
        try (SandboxFixture f = new SandboxFixture()) {
            String identity = "Action=GetCallerIdentity&Version=2011-06-15";
            SignedRequest signed = RawSigned.sign(
                    f.endpoint(), f.keys("bob"), "sts", "POST", "/", Map.of("Content-Type", FORM), identity, true);
            assertThat(signed.request().firstMatchingHeader("x-amz-content-sha256"))
                    .contains("UNSIGNED-PAYLOAD");

            HttpResponse<String> swapped = RawSigned.send(signed, "Action=GetSessionToken&Version=2011-06-15", b -> b);
            assertThat(swapped.statusCode()).isEqualTo(403);
            assertThat(swapped.body())
                    .contains("<Code>SignatureDoesNotMatch</Code>")
                    .doesNotContain("SecretAccessKey");
            // Declared unsigned but not swapped: still refused, STS signs the body's hash.
            assertThat(RawSigned.send(signed, identity, b -> b).statusCode()).isEqualTo(403);

            // A declared hash that is the body's is fine; one that is not is refused.
            SignedRequest hashed = RawSigned.sign(
                    f.endpoint(), f.keys("bob"), "sts", "POST", "/", Map.of("Content-Type", FORM), identity, false);
            assertThat(RawSigned.send(hashed, identity, b -> b).statusCode()).isEqualTo(200);
            assertThat(RawSigned.send(hashed, identity + "&Extra=1", b -> b).statusCode())
                    .isEqualTo(403);
        }
    }

    @Test
    void anUnsignedAmzHeaderIsRefusedAsS3DoesAndNothingIsStored() throws Exception {
        try (SandboxFixture f = new SandboxFixture()) {
            // Alice's MFA session: the bucket policy admits other accounts only with MFA.
            AwsCredentials role = SandboxFixture.session(f.sts(f.keys("alice"))
                    .getSessionToken(r -> r.serialNumber(f.serial("alice")).tokenCode(f.nextCode("alice")))
                    .credentials());
            String path = "/" + BUCKET + "/releases/unsigned-meta.txt";
            SignedRequest signed = RawSigned.sign(f.endpoint(), role, "s3", "PUT", path, Map.of(), "payload", false);

            HttpResponse<String> refused =
                    RawSigned.send(signed, "payload", b -> b.header("x-amz-meta-approved-by", "mallory"));
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(refused.body())
                    .contains("<Code>AccessDenied</Code>")
                    .contains("There were headers present in the request which were not signed")
                    .contains("<HeadersNotSigned>x-amz-meta-approved-by</HeadersNotSigned>");
            assertThatThrownBy(() -> f.s3(role).headObject(r -> r.bucket(BUCKET).key("releases/unsigned-meta.txt")))
                    .isInstanceOf(software.amazon.awssdk.services.s3.model.S3Exception.class)
                    .satisfies(e ->
                            assertThat(((AwsServiceException) e).statusCode()).isEqualTo(404));

            // The same request without the added header is accepted.
            HttpResponse<String> accepted = RawSigned.send(signed, "payload", b -> b);
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
        }
    }

    @Test
    void aCredentialScopeInARegionAwsDoesNotHaveIsRefused() throws Exception {
        try (SandboxFixture f = new SandboxFixture()) {
            Region mars = Region.of("mars-north-9");
            StsClient sts = StsClient.builder()
                    .endpointOverride(f.endpoint())
                    .region(mars)
                    .credentialsProvider(StaticCredentialsProvider.create(f.keys("bob")))
                    .httpClientBuilder(UrlConnectionHttpClient.builder())
                    .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                    .build();
            assertThatThrownBy(sts::getCallerIdentity).isInstanceOfSatisfying(AwsServiceException.class, e -> {
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SignatureDoesNotMatch");
                assertThat(e.awsErrorDetails().errorMessage())
                        .isEqualTo("Credential should be scoped to a valid region, not 'mars-north-9'.");
            });
            S3Client s3 = S3Client.builder()
                    .forcePathStyle(true)
                    .endpointOverride(f.endpoint())
                    .region(mars)
                    .credentialsProvider(StaticCredentialsProvider.create(f.keys("bob")))
                    .httpClientBuilder(UrlConnectionHttpClient.builder())
                    .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                    .build();
            assertThatThrownBy(() -> s3.getObject(r -> r.bucket(BUCKET).key("releases/current/manifest.json")))
                    .isInstanceOfSatisfying(AwsServiceException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(400);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AuthorizationHeaderMalformed");
                        assertThat(e.awsErrorDetails().errorMessage()).contains("'mars-north-9' is wrong");
                    });
            // A real region other than us-east-1 is accepted.
            StsClient ireland = StsClient.builder()
                    .endpointOverride(f.endpoint())
                    .region(Region.EU_WEST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(f.keys("bob")))
                    .httpClientBuilder(UrlConnectionHttpClient.builder())
                    .build();
            assertThat(ireland.getCallerIdentity().arn()).endsWith(":user/bob");
        }
    }

    @Test
    void aSessionPastItsExpiryIsRefusedAsExpiredEvenAfterARestart() throws Exception {
        Path dir = temp.resolve("state");
        // The sandbox's clock starts 10 minutes back, so a 15-minute session expires 5 minutes from
        // now: the second sandbox can be past it while the SDK's real-time signatures stay in its skew window.
        Instant start = Instant.now().minus(Duration.ofMinutes(10));
        AwsCredentials session;
        try (SandboxFixture f = new SandboxFixture(dir, start)) {
            session = SandboxFixture.session(f.sts(f.keys("bob"))
                    .getSessionToken(r -> r.durationSeconds(900))
                    .credentials());
            assertThat(f.sts(session).getCallerIdentity().arn()).endsWith(":user/bob");
        }
        try (SandboxFixture f = new SandboxFixture(dir, Instant.now().plus(Duration.ofMinutes(6)))) {
            assertThatThrownBy(() -> f.sts(session).getCallerIdentity())
                    .isInstanceOfSatisfying(AwsServiceException.class, e -> {
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ExpiredToken");
                        assertThat(e.awsErrorDetails().errorMessage())
                                .isEqualTo("The security token included in the request is expired");
                    });
            assertThatThrownBy(() -> f.s3(session).listBuckets())
                    .isInstanceOfSatisfying(
                            AwsServiceException.class,
                            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ExpiredToken"));
        }
    }
}
