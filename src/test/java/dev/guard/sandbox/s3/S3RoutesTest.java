package dev.guard.sandbox.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.guard.sandbox.server.AwsError;
import dev.guard.sandbox.server.Call;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The route table: which operation each request is, and the NotImplemented rule for everything the
 * sandbox does not model (refused before the bucket is even looked up, so nothing can change).
 */
class S3RoutesTest {
    private final ObjectStore store = new ObjectStore();
    private final S3Service s3 = new S3Service(store);

    private static Call call(String method, String path, String query, String... headers) {
        Map<String, List<String>> h = new LinkedHashMap<>();
        h.put("host", List.of("127.0.0.1:4720"));
        for (int i = 0; i < headers.length; i += 2) {
            h.put(headers[i], List.of(headers[i + 1]));
        }
        // No caller: a refusal by the route table happens before anything is authorized.
        return new Call(
                null,
                "AKIA",
                method,
                path,
                query,
                h,
                new byte[0],
                "us-east-1",
                "req",
                Instant.parse("2026-01-01T00:00:00Z"));
    }

    private AwsError refused(Call call) {
        AwsError e = catchThrowableOfType(AwsError.class, () -> s3.handle(call));
        assertThat(e)
                .as("%s %s?%s", call.method(), call.rawPath(), call.rawQuery())
                .isNotNull();
        assertThat(store.buckets()).isEmpty();
        return e;
    }

    @Test
    void eachModelledRequestIsItsOperation() {
        assertThat(s3.operation(call("GET", "/", ""))).isEqualTo("ListBuckets");
        assertThat(s3.operation(call("PUT", "/b", ""))).isEqualTo("CreateBucket");
        assertThat(s3.operation(call("HEAD", "/b", ""))).isEqualTo("HeadBucket");
        assertThat(s3.operation(call("GET", "/b", "location"))).isEqualTo("GetBucketLocation");
        assertThat(s3.operation(call("GET", "/b", "list-type=2&prefix=a"))).isEqualTo("ListObjectsV2");
        assertThat(s3.operation(call("GET", "/b", "prefix=a&marker=x"))).isEqualTo("ListObjects");
        assertThat(s3.operation(call("GET", "/b/k", "tagging"))).isEqualTo("GetObjectTagging");
        assertThat(s3.operation(call("PUT", "/b/k", "tagging"))).isEqualTo("PutObjectTagging");
        assertThat(s3.operation(call("DELETE", "/b/k", "tagging"))).isEqualTo("DeleteObjectTagging");
        assertThat(s3.operation(call("PUT", "/b/k", "", "x-amz-copy-source", "b/src")))
                .isEqualTo("CopyObject");
        assertThat(s3.operation(call("PUT", "/b/k", "", "x-amz-tagging", "a=1")))
                .isEqualTo("PutObject");
        assertThat(s3.operation(call("PUT", "/b/k", "", "x-amz-acl", "bucket-owner-full-control")))
                .isEqualTo("PutObject");
        assertThat(s3.operation(call("PUT", "/b/k", "", "x-amz-server-side-encryption", "AES256")))
                .isEqualTo("PutObject");
        // The Java SDK names the operation in x-id: not a subresource.
        assertThat(s3.operation(call("GET", "/b/k", "x-id=GetObject"))).isEqualTo("GetObject");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "GET /b tagging",
                "PUT /b tagging",
                "DELETE /b tagging",
                "GET /b acl",
                "PUT /b/k acl",
                "GET /b object-lock",
                "PUT /b/k retention",
                "PUT /b/k legal-hold",
                "GET /b/k attributes",
                "GET /b/k torrent",
                "POST /b/k restore",
                "GET /b cors",
                "PUT /b lifecycle",
                "GET /b website",
                "PUT /b encryption",
                "GET /b publicAccessBlock",
                "GET /b ownershipControls",
                "PUT /b replication",
                "GET /b notification",
                "PUT /b abac",
                "DELETE /b policy",
                "DELETE /b",
                "POST /b"
            })
    void eachUnmodelledSubresourceOrMethodIsNotImplemented(String request) {
        String[] parts = request.split(" ");
        AwsError e = refused(call(parts[0], parts[1], parts.length > 2 ? parts[2] : ""));
        assertThat(e.status()).isEqualTo(501);
        assertThat(e.code()).isEqualTo("NotImplemented");
        assertThat(e.getMessage()).isEqualTo("A header you provided implies functionality that is not implemented");
    }

    @Test
    void anUnknownMethodOnAnObjectIsMethodNotAllowed() {
        AwsError e = refused(call("PATCH", "/b/k", ""));
        assertThat(e.status()).isEqualTo(405);
        assertThat(e.code()).isEqualTo("MethodNotAllowed");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "if-match",
                "if-none-match",
                "if-modified-since",
                "if-unmodified-since",
                "x-amz-object-lock-mode",
                "x-amz-object-lock-retain-until-date",
                "x-amz-object-lock-legal-hold",
                "x-amz-server-side-encryption-customer-algorithm",
                "x-amz-server-side-encryption-customer-key",
                "x-amz-server-side-encryption-customer-key-md5",
                "x-amz-server-side-encryption-aws-kms-key-id",
                "x-amz-server-side-encryption-context",
                "x-amz-server-side-encryption-bucket-key-enabled",
                "x-amz-website-redirect-location",
                "x-amz-write-offset-bytes",
                "x-amz-mfa",
                "x-amz-copy-source-if-match",
                "x-amz-copy-source-range",
                "x-amz-checksum-algorithm"
            })
    void eachUnmodelledHeaderOnPutObjectIsNotImplemented(String header) {
        AwsError e = refused(call("PUT", "/b/k", "", header, "v"));
        assertThat(e.code()).isEqualTo("NotImplemented");
        assertThat(S3Routes.SEMANTIC_HEADERS.contains(header) || S3Routes.GRANT_HEADERS.contains(header))
                .isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "x-amz-server-side-encryption=aws:kms",
                "x-amz-server-side-encryption=aws:kms:dsse",
                "x-amz-storage-class=GLACIER",
                "x-amz-storage-class=STANDARD_IA"
            })
    void aHeaderValueThatChangesWhatIsStoredIsNotImplemented(String header) {
        String[] nv = header.split("=");
        AwsError e = refused(call("PUT", "/b/k", "", nv[0], nv[1]));
        assertThat(e.code()).isEqualTo("NotImplemented");
    }

    @ParameterizedTest
    @ValueSource(strings = {"x-amz-acl=public-read", "x-amz-acl=authenticated-read", "x-amz-grant-read=id=1"})
    void anAclBeyondTheOwnerIsRefusedAsABucketThatEnforcesOwnershipRefusesIt(String header) {
        String name = header.substring(0, header.indexOf('='));
        String value = header.substring(header.indexOf('=') + 1);
        AwsError onObject = refused(call("PUT", "/b/k", "", name, value));
        assertThat(onObject.code()).isEqualTo("AccessControlListNotSupported");
        assertThat(onObject.getMessage()).isEqualTo("The bucket does not allow ACLs");
        assertThat(refused(call("PUT", "/b", "", name, value)).code()).isEqualTo("InvalidBucketAclWithObjectOwnership");
    }

    @ParameterizedTest
    @ValueSource(strings = {"response-content-type=text/html", "response-expires=0"})
    void eachUnmodelledParameterOnGetObjectIsNotImplemented(String query) {
        assertThat(refused(call("GET", "/b/k", query)).code()).isEqualTo("NotImplemented");
    }

    @Test
    void aVersionIdIsRefusedWhereNoVersionIsModelled() {
        // PutObject makes a version; it cannot write one named in the request.
        assertThat(refused(call("PUT", "/b/k", "versionId=v1")).code()).isEqualTo("NotImplemented");
        assertThat(s3.operation(call("GET", "/b/k", "tagging&versionId=v1"))).isEqualTo("GetObjectTagging");
    }

    @Test
    void theTaggingHeaderIsUnderstoodOnlyByTheWritesThatStoreIt() {
        assertThat(refused(call("GET", "/b/k", "", "x-amz-tagging", "a=1")).code())
                .isEqualTo("NotImplemented");
        assertThat(refused(call("PUT", "/b/k", "tagging", "x-amz-tagging", "a=1"))
                        .code())
                .isEqualTo("NotImplemented");
    }

    @Test
    void theExpectedBucketOwnerIsRefusedWhereThereIsNoBucketToCheckItAgainst() {
        assertThat(refused(call("PUT", "/b", "", "x-amz-expected-bucket-owner", "111111111111"))
                        .code())
                .isEqualTo("NotImplemented");
    }

    @Test
    void everySubresourceARouteNamesIsInTheSubresourceList() {
        // A route's subresource missing from the list would let its plain sibling route match it too.
        for (String key : List.of("tagging", "location", "policy", "versioning", "delete")) {
            assertThat(S3Routes.SUBRESOURCES).contains(key);
        }
    }
}
