package dev.guard.sandbox.sigv4;

import static dev.guard.sandbox.sigv4.SdkSigning.ALICE;
import static dev.guard.sandbox.sigv4.SdkSigning.SESSION;
import static dev.guard.sandbox.sigv4.SdkSigning.request;
import static dev.guard.sandbox.sigv4.SdkSigning.sign;
import static org.assertj.core.api.Assertions.assertThat;

import dev.guard.sandbox.sigv4.Verification.Verified;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.checksums.DefaultChecksumAlgorithm;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

/** Requests signed by the SDK's own AwsV4HttpSigner under a fixed clock verify, for each service's shape. */
class SdkSignerVerificationTest {
    private final SigV4Verifier verifier = SdkSigning.verifier();

    private static Consumer<SignRequest.Builder<AwsCredentialsIdentity>> s3(
            Consumer<SignRequest.Builder<AwsCredentialsIdentity>> more) {
        return r -> {
            r.putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false).putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false);
            more.accept(r);
        };
    }

    private Verified verified(SignedRequest request) {
        Verification result = verifier.verify(request);
        assertThat(result).isInstanceOf(Verified.class);
        return (Verified) result;
    }

    @Test
    void stsPostWithAFormBody() {
        SignedRequest request = sign(
                request("POST", "https://sts.amazonaws.com/")
                        .putHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"),
                "Action=GetCallerIdentity&Version=2011-06-15",
                "sts");

        Verified verified = verified(request);

        assertThat(verified.service()).isEqualTo("sts");
        assertThat(verified.credential()).isEqualTo(ALICE);
        assertThat(new String(verified.payload(), StandardCharsets.UTF_8)).contains("GetCallerIdentity");
    }

    @Test
    void ec2GetWithQueryParametersThatNeedEncoding() {
        SdkHttpFullRequest.Builder ec2 = request("GET", "https://ec2.us-east-1.amazonaws.com/")
                .putRawQueryParameter("Action", "DescribeInstances")
                .putRawQueryParameter("Filter.1.Name", "tag:env")
                .putRawQueryParameter("Filter.1.Value.1", "dev & prod+stage/*~ü")
                .putRawQueryParameter("Empty", "");

        assertThat(verified(sign(ec2, null, "ec2")).service()).isEqualTo("ec2");
    }

    @Test
    void dynamoDbJsonWithTarget() {
        SignedRequest request = sign(
                request("POST", "https://dynamodb.us-east-1.amazonaws.com/")
                        .putHeader("Content-Type", "application/x-amz-json-1.0")
                        .putHeader("X-Amz-Target", "DynamoDB_20120810.DeleteTable"),
                "{\"TableName\":\"orders\"}",
                "dynamodb");

        assertThat(request.headers().get("authorization").get(0)).contains("x-amz-target");
        assertThat(verified(request).service()).isEqualTo("dynamodb");
    }

    @Test
    void aPathOutsideS3IsNormalisedAndDoubleEncoded() {
        SdkHttpFullRequest.Builder iam = request("GET", "https://iam.amazonaws.com/")
                .encodedPath("/a/./b/../c%20d/")
                .putRawQueryParameter("Action", "ListUsers");

        assertThat(verified(sign(iam, null, "iam")).service()).isEqualTo("iam");
    }

    @Test
    void s3KeyWithSpacesUnicodePlusAndDoubleSlashesIsSignedAsSent() {
        String key = "/bucket/dir//a b+c/ünïcödé/./x=y&z.txt";
        SdkHttpFullRequest.Builder get = request("GET", "https://s3.us-east-1.amazonaws.com/")
                .encodedPath(SdkHttpUtils.urlEncodeIgnoreSlashes(key))
                .putRawQueryParameter("versionId", "3/L4kqtJl+cU2zA ~")
                .putRawQueryParameter("response-content-disposition", "attachment; filename=\"a b.txt\"");

        SignedRequest request =
                sign(get, null, "s3", ALICE, s3(r -> r.putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false)));

        assertThat(request.header("x-amz-content-sha256")).isEqualTo("UNSIGNED-PAYLOAD");
        assertThat(verified(request).service()).isEqualTo("s3");
    }

    @Test
    void s3PutWithASignedPayloadHash() {
        SignedRequest request = sign(
                request("PUT", "https://bucket.s3.amazonaws.com/key.txt"),
                "hello",
                "s3",
                ALICE,
                s3(r -> r.putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, true)));

        assertThat(new String(verified(request).payload(), StandardCharsets.UTF_8))
                .isEqualTo("hello");
    }

    @Test
    void s3ChunkedSignedPayloadIsVerifiedAndDecoded() {
        String body = "x".repeat(300_000); // three chunks of at most 128 KiB
        SignedRequest request = sign(
                request("PUT", "https://bucket.s3.amazonaws.com/big"),
                body,
                "s3",
                ALICE,
                s3(r -> r.putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, true)
                        .putProperty(AwsV4HttpSigner.CHUNK_ENCODING_ENABLED, true)));

        assertThat(request.header("x-amz-content-sha256")).isEqualTo("STREAMING-AWS4-HMAC-SHA256-PAYLOAD");
        assertThat(new String(verified(request).payload(), StandardCharsets.UTF_8))
                .isEqualTo(body);
    }

    @Test
    void s3ChunkedSignedPayloadWithASignedChecksumTrailer() {
        SignedRequest request = sign(
                request("PUT", "https://bucket.s3.amazonaws.com/k"),
                "hello world",
                "s3",
                SESSION,
                s3(r -> r.putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, true)
                        .putProperty(AwsV4HttpSigner.CHUNK_ENCODING_ENABLED, true)
                        .putProperty(AwsV4HttpSigner.CHECKSUM_ALGORITHM, DefaultChecksumAlgorithm.CRC32)));

        assertThat(request.header("x-amz-content-sha256")).isEqualTo("STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER");
        Verified verified = verified(request);
        assertThat(new String(verified.payload(), StandardCharsets.UTF_8)).isEqualTo("hello world");
        // CRC32("hello world") = 0x0d4a1185, handed on for S3 to check and keep.
        assertThat(verified.trailers()).containsExactly(Map.entry("x-amz-checksum-crc32", "DUoRhQ=="));
    }

    @Test
    void s3ChunkedUnsignedPayloadWithAChecksumTrailer() {
        SignedRequest request = sign(
                request("PUT", "https://bucket.s3.amazonaws.com/k"),
                "hello world",
                "s3",
                ALICE,
                s3(r -> r.putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false)
                        .putProperty(AwsV4HttpSigner.CHUNK_ENCODING_ENABLED, true)
                        .putProperty(AwsV4HttpSigner.CHECKSUM_ALGORITHM, DefaultChecksumAlgorithm.SHA256)));

        assertThat(request.header("x-amz-content-sha256")).isEqualTo("STREAMING-UNSIGNED-PAYLOAD-TRAILER");
        Verified verified = verified(request);
        assertThat(new String(verified.payload(), StandardCharsets.UTF_8)).isEqualTo("hello world");
        assertThat(verified.trailers())
                .containsExactly(Map.entry("x-amz-checksum-sha256", "uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek="));
    }

    @Test
    void s3PresignedGetWithASessionToken() {
        SignedRequest request = sign(
                request("GET", "https://bucket.s3.amazonaws.com/report%202026.pdf"),
                null,
                "s3",
                SESSION,
                s3(r -> r.putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false)
                        .putProperty(AwsV4HttpSigner.AUTH_LOCATION, AwsV4HttpSigner.AuthLocation.QUERY_STRING)
                        .putProperty(AwsV4HttpSigner.EXPIRATION_DURATION, Duration.ofMinutes(5))));

        assertThat(request.rawQuery()).contains("X-Amz-Signature=").contains("X-Amz-Security-Token=");
        assertThat(request.headers()).doesNotContainKey("authorization");
        assertThat(verified(request).credential()).isEqualTo(SESSION);
    }

    @Test
    void ec2PresignedQuerySignsTheEmptyBodyHash() {
        SignedRequest request = sign(
                request("GET", "https://ec2.amazonaws.com/?Action=DescribeRegions"),
                null,
                "ec2",
                ALICE,
                r -> r.putProperty(AwsV4HttpSigner.AUTH_LOCATION, AwsV4HttpSigner.AuthLocation.QUERY_STRING)
                        .putProperty(AwsV4HttpSigner.EXPIRATION_DURATION, Duration.ofDays(7)));

        assertThat(verified(request).service()).isEqualTo("ec2");
    }

    @Test
    void temporaryCredentialsInTheHeaderForm() {
        SignedRequest request = sign(
                request("POST", "https://sts.amazonaws.com/")
                        .putHeader("Content-Type", "application/x-www-form-urlencoded"),
                "Action=GetCallerIdentity&Version=2011-06-15",
                "sts",
                SESSION,
                r -> {});

        assertThat(request.header("x-amz-security-token"))
                .isEqualTo(SESSION.sessionToken().orElseThrow());
        assertThat(verified(request).credential().principalId()).isEqualTo("AROAROLE:guard");
    }

    @Test
    void aSpaceSentAsPlusByAFormEncoderStillVerifies() {
        SignedRequest signed = sign(
                request("GET", "https://iam.amazonaws.com/")
                        .putRawQueryParameter("Action", "ListUsers")
                        .putRawQueryParameter("PathPrefix", "/a b/"),
                null,
                "iam");
        SignedRequest formEncoded = new SignedRequest(
                signed.method(),
                signed.rawPath(),
                signed.rawQuery().replace("%20", "+"),
                signed.headers(),
                signed.body());

        assertThat(formEncoded.rawQuery()).contains("a+b");
        assertThat(verified(formEncoded).service()).isEqualTo("iam");
    }
}
