package dev.guard.sandbox.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.guard.sandbox.server.AwsError;
import dev.guard.sandbox.server.Call;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** S3's own condition keys per action, and the digest DeleteObjects must carry: pure logic. */
class S3ConditionKeysTest {
    private static final String AUTH = "AWS4-HMAC-SHA256 Credential=AKIA/20260101/us-east-1/s3/aws4_request";

    private static Call call(String method, String path, String query, Map<String, String> headers, String body) {
        Map<String, List<String>> h = new HashMap<>();
        headers.forEach((k, v) -> h.put(k, List.of(v)));
        return new Call(
                null,
                "AKIA",
                method,
                path,
                query,
                h,
                body.getBytes(StandardCharsets.UTF_8),
                "us-east-1",
                "r",
                Instant.EPOCH);
    }

    private static ObjectStore.Bucket bucket() {
        ObjectStore store = new ObjectStore();
        store.addBucket("b", "111111111111", Optional.empty(), false);
        ObjectStore.Bucket b = store.bucket("b").orElseThrow();
        ObjectStore.StoredObject plain =
                ObjectStore.object("x".getBytes(StandardCharsets.UTF_8), "text/plain", Instant.EPOCH, Optional.empty());
        b.put("secret.txt", plain.withTags(Map.of("class", "secret")));
        return b;
    }

    @Test
    void everyRequestNamesItsSignatureAuthTypeAndTheBucketsAccount() {
        Map<String, List<String>> keys = S3ConditionKeys.of(
                call("GET", "/b", "", Map.of("authorization", AUTH, "x-amz-content-sha256", "UNSIGNED-PAYLOAD"), ""),
                Optional.of(bucket()),
                "s3:ListBucket",
                "arn:aws:s3:::b");
        assertThat(keys)
                .containsEntry("s3:authType", List.of("REST-HEADER"))
                .containsEntry("s3:signatureversion", List.of("AWS4-HMAC-SHA256"))
                .containsEntry("s3:x-amz-content-sha256", List.of("UNSIGNED-PAYLOAD"))
                .containsEntry("s3:ResourceAccount", List.of("111111111111"))
                .doesNotContainKey("s3:prefix");
        Map<String, List<String>> presigned = S3ConditionKeys.of(
                call("GET", "/b/k", "X-Amz-Algorithm=AWS4-HMAC-SHA256", Map.of(), ""),
                Optional.empty(),
                "s3:GetObject",
                "arn:aws:s3:::b/k");
        assertThat(presigned).containsEntry("s3:authType", List.of("REST-QUERY-STRING"));
    }

    @Test
    void listingsCarryTheirPrefixDelimiterAndMaxKeysWhenSent() {
        Map<String, List<String>> keys = S3ConditionKeys.of(
                call(
                        "GET",
                        "/b",
                        "list-type=2&prefix=home%2F&delimiter=%2F&max-keys=5",
                        Map.of("authorization", AUTH),
                        ""),
                Optional.of(bucket()),
                "s3:ListBucket",
                "arn:aws:s3:::b");
        assertThat(keys)
                .containsEntry("s3:prefix", List.of("home/"))
                .containsEntry("s3:delimiter", List.of("/"))
                .containsEntry("s3:max-keys", List.of("5"));
    }

    @Test
    void objectReadsSeeTheObjectsTagsAndWritesNever() {
        ObjectStore.Bucket b = bucket();
        Call get = call("GET", "/b/secret.txt", "", Map.of("authorization", AUTH), "");
        assertThat(S3ConditionKeys.of(get, Optional.of(b), "s3:GetObject", "arn:aws:s3:::b/secret.txt"))
                .containsEntry("s3:ExistingObjectTag/class", List.of("secret"));
        Call delete = call("DELETE", "/b/secret.txt", "", Map.of("authorization", AUTH), "");
        assertThat(S3ConditionKeys.of(delete, Optional.of(b), "s3:DeleteObject", "arn:aws:s3:::b/secret.txt"))
                .doesNotContainKey("s3:ExistingObjectTag/class");
        assertThat(S3ConditionKeys.of(get, Optional.of(b), "s3:GetObject", "arn:aws:s3:::b/missing.txt"))
                .doesNotContainKey("s3:ExistingObjectTag/class");
    }

    @Test
    void uploadsCarryTheirHeadersAndRequestTags() {
        Call put = call(
                "PUT",
                "/b/k",
                "",
                Map.of("authorization", AUTH, "x-amz-server-side-encryption", "AES256", "x-amz-tagging", "a=1&b=2"),
                "x");
        Map<String, List<String>> keys =
                S3ConditionKeys.of(put, Optional.of(bucket()), "s3:PutObject", "arn:aws:s3:::b/k");
        assertThat(keys)
                .containsEntry("s3:x-amz-server-side-encryption", List.of("AES256"))
                .containsEntry("s3:RequestObjectTag/a", List.of("1"))
                .containsEntry("s3:RequestObjectTag/b", List.of("2"));
        assertThat(keys.get("s3:RequestObjectTagKeys")).containsExactlyInAnyOrder("a", "b");
        Call plain = call("PUT", "/b/k", "", Map.of("authorization", AUTH), "x");
        assertThat(S3ConditionKeys.of(plain, Optional.of(bucket()), "s3:PutObject", "arn:aws:s3:::b/k"))
                .doesNotContainKeys("s3:x-amz-server-side-encryption", "s3:RequestObjectTagKeys");
    }

    @Test
    void aVersionActionNamesItsVersion() {
        Call get = call("GET", "/b/k", "versionId=abc", Map.of("authorization", AUTH), "");
        assertThat(S3ConditionKeys.of(get, Optional.of(bucket()), "s3:GetObjectVersion", "arn:aws:s3:::b/k"))
                .containsEntry("s3:VersionId", List.of("abc"));
    }

    @Test
    void deleteObjectsNeedsADigest() {
        AwsError missing = catchThrowableOfType(
                AwsError.class, () -> RequestDigest.require(call("POST", "/b", "delete", Map.of(), "<Delete/>")));
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.code()).isEqualTo("InvalidRequest");
        assertThat(missing.getMessage()).isEqualTo("Missing required header for this request: Content-MD5");
        AwsError wrong = catchThrowableOfType(
                AwsError.class,
                () -> RequestDigest.require(
                        call("POST", "/b", "delete", Map.of("x-amz-checksum-crc32", "AAAAAA=="), "<Delete/>")));
        assertThat(wrong.code()).isEqualTo("BadDigest");
        String crc = ObjectChecksum.compute("CRC32", "<Delete/>".getBytes(StandardCharsets.UTF_8));
        RequestDigest.require(call("POST", "/b", "delete", Map.of("x-amz-checksum-crc32", crc), "<Delete/>"));
    }
}
