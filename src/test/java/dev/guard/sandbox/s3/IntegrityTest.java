package dev.guard.sandbox.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.guard.sandbox.server.AwsError;
import dev.guard.sandbox.server.Call;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Content-MD5, continuation tokens and user metadata limits: S3's checks, pure logic. */
class IntegrityTest {
    private static Call put(byte[] body, Map<String, List<String>> headers) {
        return new Call(null, "AKIA", "PUT", "/b/k", "", headers, body, "us-east-1", "r", Instant.EPOCH);
    }

    private static AwsError md5Error(String md5) {
        return catchThrowableOfType(
                AwsError.class,
                () -> ContentMd5.check(
                        put("hello".getBytes(StandardCharsets.UTF_8), Map.of("content-md5", List.of(md5)))));
    }

    @Test
    void aNamedChecksumAlgorithmWithoutItsValueIsRefusedAndIsNoDigest() {
        Call named = put(
                "<Delete/>".getBytes(StandardCharsets.UTF_8), Map.of("x-amz-sdk-checksum-algorithm", List.of("CRC32")));
        AwsError e = catchThrowableOfType(AwsError.class, () -> RequestDigest.require(named));
        assertThat(e.code()).isEqualTo("InvalidRequest");
        assertThat(e.getMessage())
                .isEqualTo("x-amz-sdk-checksum-algorithm specified, but no corresponding x-amz-checksum-* or"
                        + " x-amz-trailer headers were found.");
        byte[] body = "<Delete/>".getBytes(StandardCharsets.UTF_8);
        Call valued = put(
                body,
                Map.of(
                        "x-amz-sdk-checksum-algorithm",
                        List.of("CRC32"),
                        "x-amz-checksum-crc32",
                        List.of(ObjectChecksum.compute("CRC32", body))));
        assertThat(RequestDigest.verify(valued)).isPresent();
    }

    @Test
    void contentMd5() {
        String right = Base64.getEncoder().encodeToString(ContentMd5.md5("hello".getBytes(StandardCharsets.UTF_8)));
        ContentMd5.check(put("hello".getBytes(StandardCharsets.UTF_8), Map.of("content-md5", List.of(right))));
        AwsError bad = md5Error("XrY7u+Ae7tCTyyK7j1rNww==");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.code()).isEqualTo("BadDigest");
        assertThat(bad.getMessage()).isEqualTo("The Content-MD5 you specified did not match what we received.");
        assertThat(bad.details())
                .containsEntry("ExpectedDigest", "5eb63bbbe01eeed093cb22bb8f5acdc3")
                .containsEntry("CalculatedDigest", right);
        assertThat(md5Error("garbage!").code()).isEqualTo("InvalidDigest");
        assertThat(md5Error("aGVsbG8=").code()).isEqualTo("InvalidDigest"); // base64, but not 16 bytes
        assertThat(md5Error("").code()).isEqualTo("InvalidDigest");
    }

    @Test
    void aContinuationTokenIsAcceptedOnlyAsIssuedForItsBucket() {
        String token = new ContinuationToken("dir/", true).encoded("bucket-a");
        assertThat(ContinuationToken.decode(token, "bucket-a")).isEqualTo(new ContinuationToken("dir/", true));
        for (String wrong : List.of("garbage", "S2Zvbw", "", "abc!", token.substring(1))) {
            AwsError e = catchThrowableOfType(AwsError.class, () -> ContinuationToken.decode(wrong, "bucket-a"));
            assertThat(e.code()).as(wrong).isEqualTo("InvalidArgument");
            assertThat(e.getMessage()).isEqualTo("The continuation token provided is incorrect");
            assertThat(e.details()).containsEntry("ArgumentName", "continuation-token");
        }
        assertThat(catchThrowableOfType(AwsError.class, () -> ContinuationToken.decode(token, "bucket-b")))
                .isNotNull();
    }

    @Test
    void userMetadataIsLimitedTo2KB() {
        Map<String, String> ok = UserMetadata.of(
                put(new byte[0], Map.of("x-amz-meta-owner", List.of("alice"), "X-Amz-Meta-Team", List.of("ops"))));
        assertThat(ok).containsExactly(Map.entry("owner", "alice"), Map.entry("team", "ops"));
        UserMetadata.of(put(new byte[0], Map.of("x-amz-meta-a", List.of("v".repeat(2047)))));
        AwsError e = catchThrowableOfType(
                AwsError.class,
                () -> UserMetadata.of(put(new byte[0], Map.of("x-amz-meta-ab", List.of("v".repeat(2047))))));
        assertThat(e.code()).isEqualTo("MetadataTooLarge");
        assertThat(e.details()).containsEntry("Size", "2049").containsEntry("MaxSizeAllowed", "2048");
    }
}
