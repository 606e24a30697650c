package dev.guard.sandbox.sigv4;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The canonical forms, step by step, as AWS documents them. */
class CanonicalisationTest {

    @Test
    void uriEncodingKeepsOnlyUnreservedCharactersAndSpaceIsPercentTwenty() {
        assertThat(UriEncoding.encode("aZ09-_.~ +*/=&ü", false)).isEqualTo("aZ09-_.~%20%2B%2A%2F%3D%26%C3%BC");
        assertThat(UriEncoding.encode("/a b/c", true)).isEqualTo("/a%20b/c");
    }

    @Test
    void decodingKeepsAPlusUnlessAskedAndToleratesBrokenEscapes() {
        assertThat(UriEncoding.decode("a+b%2Bc%20d%zz%4", false)).isEqualTo("a+b+c d%zz%4");
        assertThat(UriEncoding.decode("a+b", true)).isEqualTo("a b");
        assertThat(UriEncoding.decode("%C3%BC😀", false)).isEqualTo("ü😀");
    }

    @Test
    void queryIsReEncodedFromItsDecodedFormAndSortedByNameThenValue() {
        QueryParameters query = QueryParameters.parse("b=2&a0=x&a=z&a=y&c&d=%7e~&e=a%20b&f=a+b&=ignored", false);

        assertThat(query.canonical(null)).isEqualTo("a=y&a=z&a0=x&b=2&c=&d=~~&e=a%20b&f=a%2Bb");
        assertThat(query.canonical("b")).doesNotContain("b=2");
        assertThat(QueryParameters.parse("f=a+b", true).canonical(null)).isEqualTo("f=a%20b");
    }

    @Test
    void pathsOutsideS3AreNormalisedAndEncodedAgain() {
        assertThat(CanonicalPath.of("", "sts")).isEqualTo("/");
        assertThat(CanonicalPath.of("/a//b/./c/../d%20e/", "iam")).isEqualTo("/a/b/d%2520e/");
        assertThat(CanonicalPath.of("/a/b/..", "iam")).isEqualTo("/a");
        assertThat(CanonicalPath.of("/..", "iam")).isEqualTo("/");
    }

    @Test
    void s3PathsAreSignedExactlyAsSent() {
        assertThat(CanonicalPath.of("/bucket/a//b/../c%20d%2B", "s3")).isEqualTo("/bucket/a//b/../c%20d%2B");
    }

    @Test
    void headerValuesAreTrimmedCollapsedAndJoined() {
        SignedRequest request = new SignedRequest(
                "GET",
                "/",
                null,
                Map.of(
                        "Host", List.of("example.amazonaws.com"),
                        "X-Amz-Meta-A", List.of("  one   two\t three  ", "four"),
                        "x-amz-meta-a", List.of(" five ")),
                new byte[0]);

        assertThat(CanonicalRequest.canonicalHeaders(request, List.of("host", "x-amz-meta-a", "x-amz-missing")))
                .isIn(
                        "host:example.amazonaws.com\nx-amz-meta-a:one two three,four,five\nx-amz-missing:\n",
                        "host:example.amazonaws.com\nx-amz-meta-a:five,one two three,four\nx-amz-missing:\n");
    }

    @Test
    void anHttpDateHeaderIsSignedInBasicIsoForm() {
        assertThat(RequestTime.ofHttpDate("Sun, 30 Aug 2015 12:36:00 GMT").amzDate())
                .isEqualTo("20150830T123600Z");
    }

    @Test
    void theRedactedCanonicalRequestHidesTheSessionToken() {
        CanonicalRequest canonical = new CanonicalRequest(
                "GET", "/", "X-Amz-Security-Token=a%2Fb%3D", "x-amz-security-token:a/b=\n", "", "");

        assertThat(canonical.redacted("a/b=")).doesNotContain("a/b=").doesNotContain("a%2Fb%3D");
    }

    @Test
    void theRedactedCanonicalRequestHidesASignedMfaCode() {
        CanonicalRequest canonical = new CanonicalRequest(
                "DELETE",
                "/b/k",
                "versionId=abc",
                "host:localhost\nx-amz-date:20261201T000000Z\nx-amz-mfa:arn:aws:iam::1:mfa/alice 123456\n",
                "host;x-amz-date;x-amz-mfa",
                "UNSIGNED-PAYLOAD");
        CanonicalRequest presigned = new CanonicalRequest(
                "DELETE", "/b/k", "X-Amz-Date=1&x-amz-mfa=arn%3Aaws%20654321&y=2", "host:localhost\n", "host", "");

        assertThat(canonical.redacted(null))
                .doesNotContain("123456")
                .contains("x-amz-mfa:<redacted>\n\nhost;x-amz-date;x-amz-mfa")
                .contains("x-amz-date:20261201T000000Z");
        assertThat(presigned.redacted("")).doesNotContain("654321").contains("x-amz-mfa=<redacted>&y=2");
    }

    @Test
    void signingKeysAreCachedPerSecretAndScope() {
        SigningKey.Cache cache = new SigningKey.Cache();
        CredentialScope scope = new CredentialScope("20261123", "us-east-1", "s3");

        assertThat(cache.get("secret", scope)).isSameAs(cache.get("secret", scope));
        assertThat(cache.get("secret", scope)).isNotSameAs(cache.get("other", scope));
    }
}
