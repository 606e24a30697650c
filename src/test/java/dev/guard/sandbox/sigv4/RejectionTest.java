package dev.guard.sandbox.sigv4;

import static dev.guard.sandbox.sigv4.SdkSigning.ALICE;
import static dev.guard.sandbox.sigv4.SdkSigning.EXPIRED;
import static dev.guard.sandbox.sigv4.SdkSigning.NOW;
import static dev.guard.sandbox.sigv4.SdkSigning.SESSION;
import static dev.guard.sandbox.sigv4.SdkSigning.request;
import static dev.guard.sandbox.sigv4.SdkSigning.sign;
import static org.assertj.core.api.Assertions.assertThat;

import dev.guard.sandbox.sigv4.Verification.Rejected;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.checksums.DefaultChecksumAlgorithm;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;

/** Every way a request can fail authentication, each with its service-neutral reason. */
class RejectionTest {
    private static final String FORM = "Action=GetCallerIdentity&Version=2011-06-15";

    private final SigV4Verifier verifier = SdkSigning.verifier();

    private static SignedRequest sts(KnownCredential credential) {
        return sign(
                request("POST", "https://sts.amazonaws.com/?Extra=a%2Bb")
                        .putHeader("Content-Type", "application/x-www-form-urlencoded"),
                FORM,
                "sts",
                credential,
                r -> {});
    }

    private static SignedRequest withHeader(SignedRequest request, String name, String value) {
        Map<String, List<String>> headers = new HashMap<>(request.headers());
        if (value == null) {
            headers.remove(name);
        } else {
            headers.put(name, List.of(value));
        }
        return new SignedRequest(request.method(), request.rawPath(), request.rawQuery(), headers, request.body());
    }

    private static SignedRequest withAuthorization(String authorization) {
        return withHeader(sts(ALICE), "authorization", authorization);
    }

    private Rejected rejected(SignedRequest request, Reason reason) {
        Verification result = verifier.verify(request);
        assertThat(result).isInstanceOf(Rejected.class);
        Rejected rejected = (Rejected) result;
        assertThat(rejected.reason()).as(rejected.message()).isEqualTo(reason);
        for (String secret : List.of(
                ALICE.secretAccessKey(),
                SESSION.secretAccessKey(),
                SESSION.sessionToken().orElseThrow(),
                EXPIRED.sessionToken().orElseThrow())) {
            assertThat(rejected.message() + rejected.canonicalRequest() + rejected.stringToSign())
                    .doesNotContain(secret)
                    .doesNotContain(UriEncoding.encode(secret, false));
        }
        assertThat(rejected.message()).doesNotContain("\n");
        return rejected;
    }

    @Test
    void anUntouchedRequestIsVerified() {
        assertThat(verifier.verify(sts(ALICE))).isInstanceOf(Verification.Verified.class);
    }

    @Test
    void oneChangedByteOfTheBody() {
        SignedRequest signed = sts(ALICE);
        byte[] body = signed.body().clone();
        body[0] ^= 1;

        rejected(
                new SignedRequest(signed.method(), signed.rawPath(), signed.rawQuery(), signed.headers(), body),
                Reason.SIGNATURE_MISMATCH);
    }

    @Test
    void aChangedSignedHeader() {
        Rejected rejected =
                rejected(withHeader(sts(ALICE), "content-type", "application/json"), Reason.SIGNATURE_MISMATCH);

        assertThat(rejected.canonicalRequest()).contains("content-type:application/json\n");
        assertThat(rejected.stringToSign()).startsWith("AWS4-HMAC-SHA256\n20261123T101530Z\n");
    }

    @Test
    void anUnsignedHeaderMayChange() {
        assertThat(verifier.verify(withHeader(sts(ALICE), "user-agent", "curl/8")))
                .isInstanceOf(Verification.Verified.class);
    }

    @Test
    void anUnsignedAmzHeaderIsRefusedEvenThoughTheSignatureIsRight() {
        Rejected rejected =
                rejected(withHeader(sts(ALICE), "x-amz-meta-approved-by", "mallory"), Reason.HEADERS_NOT_SIGNED);

        assertThat(rejected.message()).endsWith(": x-amz-meta-approved-by");
    }

    @Test
    void aServiceOtherThanS3RefusesAnUnsignedPayloadAndASwappedBody() {
        SignedRequest unsigned = sign(
                request("POST", "https://sts.amazonaws.com/")
                        .putHeader("Content-Type", "application/x-www-form-urlencoded"),
                FORM,
                "sts",
                ALICE,
                r -> r.putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false));
        assertThat(unsigned.header("x-amz-content-sha256")).isEqualTo("UNSIGNED-PAYLOAD");

        rejected(unsigned, Reason.SIGNATURE_MISMATCH);
        rejected(
                new SignedRequest(
                        unsigned.method(),
                        unsigned.rawPath(),
                        unsigned.rawQuery(),
                        unsigned.headers(),
                        "Action=GetSessionToken&Version=2011-06-15".getBytes(StandardCharsets.UTF_8)),
                Reason.SIGNATURE_MISMATCH);
    }

    @Test
    void aRegionAwsDoesNotHave() {
        SignedRequest mars = sign(
                request("POST", "https://sts.amazonaws.com/")
                        .putHeader("Content-Type", "application/x-www-form-urlencoded"),
                FORM,
                "sts",
                ALICE,
                r -> r.putProperty(AwsV4HttpSigner.REGION_NAME, "mars-north-9"));

        assertThat(rejected(mars, Reason.UNKNOWN_REGION).message())
                .isEqualTo("Credential should be scoped to a valid region, not 'mars-north-9'.");
    }

    @Test
    void aChangedPath() {
        SignedRequest signed = sts(ALICE);
        rejected(
                new SignedRequest(signed.method(), "/other", signed.rawQuery(), signed.headers(), signed.body()),
                Reason.SIGNATURE_MISMATCH);
    }

    @Test
    void aChangedQuery() {
        SignedRequest signed = sts(ALICE);
        rejected(
                new SignedRequest(signed.method(), signed.rawPath(), "Extra=a%2Bc", signed.headers(), signed.body()),
                Reason.SIGNATURE_MISMATCH);
    }

    @Test
    void aWrongSecret() {
        KnownCredential wrong = new KnownCredential(
                ALICE.accessKeyId(), ALICE.secretAccessKey() + "x", Optional.empty(), Optional.empty(), "x");
        rejected(sts(wrong), Reason.SIGNATURE_MISMATCH);
    }

    @Test
    void aTamperedChunk() {
        SignedRequest signed = sign(
                request("PUT", "https://bucket.s3.amazonaws.com/k"),
                "hello world",
                "s3",
                ALICE,
                r -> r.putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
                        .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, true)
                        .putProperty(AwsV4HttpSigner.CHUNK_ENCODING_ENABLED, true)
                        .putProperty(AwsV4HttpSigner.CHECKSUM_ALGORITHM, DefaultChecksumAlgorithm.CRC32));
        String body = new String(signed.body(), StandardCharsets.ISO_8859_1);

        for (String tampered : List.of(
                body.replace("hello world", "hello World"),
                body.replace("x-amz-checksum-crc32:", "x-amz-checksum-crc32:A"),
                body.substring(0, body.length() - 2),
                body.replace("b;chunk-signature", "c;chunk-signature"))) {
            rejected(
                    new SignedRequest(
                            signed.method(),
                            signed.rawPath(),
                            signed.rawQuery(),
                            signed.headers(),
                            tampered.getBytes(StandardCharsets.ISO_8859_1)),
                    Reason.SIGNATURE_MISMATCH);
        }
    }

    @Test
    void anUnknownAccessKey() {
        KnownCredential stranger =
                new KnownCredential("AKIASTRANGER00000001", "secret", Optional.empty(), Optional.empty(), "x");
        rejected(sts(stranger), Reason.UNKNOWN_ACCESS_KEY);
    }

    @Test
    void aTemporaryKeyWithoutItsToken() {
        rejected(withHeader(sts(SESSION), "x-amz-security-token", null), Reason.MISSING_SECURITY_TOKEN);
    }

    @Test
    void aTemporaryKeyWithAnotherToken() {
        rejected(withHeader(sts(SESSION), "x-amz-security-token", "another-token"), Reason.INVALID_SECURITY_TOKEN);
    }

    @Test
    void aLongTermKeyWithAToken() {
        rejected(withHeader(sts(ALICE), "x-amz-security-token", "a-token"), Reason.INVALID_SECURITY_TOKEN);
    }

    @Test
    void anExpiredToken() {
        rejected(sts(EXPIRED), Reason.EXPIRED_TOKEN);
    }

    @ParameterizedTest
    @ValueSource(longs = {-16, 16})
    void aClockMoreThanFifteenMinutesAway(long minutes) {
        Clock skewed = Clock.fixed(NOW.plus(Duration.ofMinutes(minutes)), ZoneOffset.UTC);
        Verification result = new SigV4Verifier(SdkSigning.store(), skewed).verify(sts(ALICE));

        assertThat(result)
                .isInstanceOfSatisfying(
                        Rejected.class, r -> assertThat(r.reason()).isEqualTo(Reason.REQUEST_TIME_SKEWED));
    }

    @Test
    void fourteenMinutesOfSkewAreAccepted() {
        Clock skewed = Clock.fixed(NOW.plus(Duration.ofMinutes(14)), ZoneOffset.UTC);

        assertThat(new SigV4Verifier(SdkSigning.store(), skewed).verify(sts(ALICE)))
                .isInstanceOf(Verification.Verified.class);
    }

    @Test
    void anExpiredPresignedUrlAndOneFromTheFuture() {
        SignedRequest presigned = sign(
                request("GET", "https://bucket.s3.amazonaws.com/k"),
                null,
                "s3",
                ALICE,
                r -> r.putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
                        .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false)
                        .putProperty(AwsV4HttpSigner.AUTH_LOCATION, AwsV4HttpSigner.AuthLocation.QUERY_STRING)
                        .putProperty(AwsV4HttpSigner.EXPIRATION_DURATION, Duration.ofMinutes(5)));

        Clock later = Clock.fixed(NOW.plus(Duration.ofMinutes(6)), ZoneOffset.UTC);
        Clock earlier = Clock.fixed(NOW.minus(Duration.ofMinutes(16)), ZoneOffset.UTC);
        assertThat(new SigV4Verifier(SdkSigning.store(), later).verify(presigned))
                .isInstanceOfSatisfying(
                        Rejected.class, r -> assertThat(r.reason()).isEqualTo(Reason.PRESIGNED_URL_EXPIRED));
        assertThat(new SigV4Verifier(SdkSigning.store(), earlier).verify(presigned))
                .isInstanceOfSatisfying(
                        Rejected.class, r -> assertThat(r.reason()).isEqualTo(Reason.REQUEST_TIME_SKEWED));
        rejected(
                new SignedRequest(
                        "GET",
                        presigned.rawPath(),
                        presigned.rawQuery().replace("X-Amz-Expires=300", "X-Amz-Expires=604801"),
                        presigned.headers(),
                        presigned.body()),
                Reason.INCOMPLETE_SIGNATURE);
        rejected(
                new SignedRequest(
                        "GET",
                        presigned.rawPath(),
                        presigned.rawQuery().replace("X-Amz-Expires=300", "X-Amz-Expires=301"),
                        presigned.headers(),
                        presigned.body()),
                Reason.SIGNATURE_MISMATCH);
    }

    @Test
    void noAuthenticationAtAll() {
        rejected(withHeader(sts(ALICE), "authorization", null), Reason.MISSING_AUTHENTICATION);
    }

    @Test
    void noDate() {
        rejected(withHeader(sts(ALICE), "x-amz-date", null), Reason.INCOMPLETE_SIGNATURE);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "AWS AKIAALICE00000000001:c2lnbmF0dXJl",
                "AWS4-HMAC-SHA256",
                "AWS4-HMAC-SHA256 Credential=AKIAALICE00000000001/20261123/us-east-1/sts/aws4_request, SignedHeaders=host",
                "AWS4-HMAC-SHA256 Credential=AKIAALICE00000000001/20261123/us-east-1/aws4_request, SignedHeaders=host,"
                        + " Signature=abc",
                "AWS4-HMAC-SHA256 Credential=AKIAALICE00000000001/2026-11-23/us-east-1/sts/aws4_request, SignedHeaders=host,"
                        + " Signature=abc",
                "AWS4-HMAC-SHA256 Credential=AKIAALICE00000000001/20261122/us-east-1/sts/aws4_request, SignedHeaders=host,"
                        + " Signature=abc",
                "AWS4-HMAC-SHA256 Credential=AKIAALICE00000000001/20261123/us-east-1/sts/aws5_request, SignedHeaders=host,"
                        + " Signature=abc",
                "AWS4-HMAC-SHA256 Credential=AKIAALICE00000000001/20261123/us-east-1/sts/aws4_request,"
                        + " SignedHeaders=x-amz-date, Signature=abc",
                "AWS4-HMAC-SHA256 Credential=AKIAALICE00000000001/20261123/us-east-1/sts/aws4_request, SignedHeaders=host;;x,"
                        + " Signature=abc",
                "AWS4-HMAC-SHA256 Credential=AKIAALICE00000000001/20261123/us-east-1/sts/aws4_request SignedHeaders=host"
                        + " Signature=abc"
            })
    void aMalformedAuthorizationHeader(String authorization) {
        rejected(withAuthorization(authorization), Reason.INCOMPLETE_SIGNATURE);
    }

    @Test
    void aBodyThatDoesNotMatchItsSignedHash() {
        SignedRequest signed = sign(
                request("PUT", "https://bucket.s3.amazonaws.com/k"),
                "hello",
                "s3",
                ALICE,
                r -> r.putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
                        .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, true));

        rejected(
                new SignedRequest(
                        "PUT",
                        signed.rawPath(),
                        signed.rawQuery(),
                        signed.headers(),
                        "hellO".getBytes(StandardCharsets.UTF_8)),
                // The signature is right; the body changed: S3's XAmzContentSHA256Mismatch, not SignatureDoesNotMatch.
                Reason.CONTENT_SHA256_MISMATCH);
    }
}
