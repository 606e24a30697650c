package dev.guard.sandbox.sigv4;

import static org.assertj.core.api.Assertions.assertThat;

import dev.guard.sandbox.sigv4.Verification.Rejected;
import dev.guard.sandbox.sigv4.Verification.Verified;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** AWS's published SigV4 test suite, "get-vanilla": exact canonical request and signature. */
class AwsSigV4TestSuiteTest {
    private static final String SIGNATURE = "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31";
    private static final KnownCredential EXAMPLE = new KnownCredential(
            "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", Optional.empty(), Optional.empty(), "example");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2015-08-30T12:36:00Z"), ZoneOffset.UTC);

    private final SigV4Verifier verifier = new SigV4Verifier(
            id -> Optional.of(EXAMPLE).filter(c -> c.accessKeyId().equals(id)), CLOCK);

    private static SignedRequest getVanilla(String signature) {
        return new SignedRequest(
                "GET",
                "/",
                null,
                Map.of(
                        "host",
                        List.of("example.amazonaws.com"),
                        "x-amz-date",
                        List.of("20150830T123600Z"),
                        "authorization",
                        List.of("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request,"
                                + " SignedHeaders=host;x-amz-date, Signature=" + signature)),
                new byte[0]);
    }

    @Test
    void getVanillaIsVerifiedWithThePublishedSignature() {
        Verification result = verifier.verify(getVanilla(SIGNATURE));

        assertThat(result).isInstanceOfSatisfying(Verified.class, verified -> {
            assertThat(verified.credential().accessKeyId()).isEqualTo("AKIDEXAMPLE");
            assertThat(verified.region()).isEqualTo("us-east-1");
            assertThat(verified.service()).isEqualTo("service");
            assertThat(verified.signedAt()).isEqualTo(Instant.parse("2015-08-30T12:36:00Z"));
        });
    }

    @Test
    void getVanillaStepsProduceThePublishedCanonicalRequestStringToSignAndSignature() {
        CredentialScope scope = CredentialScope.parseCredential("AKIDEXAMPLE/20150830/us-east-1/service/aws4_request")
                .scope();
        CanonicalRequest canonical = CanonicalRequest.of(
                getVanilla(SIGNATURE),
                "service",
                QueryParameters.parse(null, false),
                null,
                "host;x-amz-date",
                List.of("host", "x-amz-date"),
                Sha256.EMPTY_HASH);
        StringToSign stringToSign = new StringToSign("20150830T123600Z", scope, canonical.hash());

        assertThat(canonical.text())
                .isEqualTo("GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n"
                        + Sha256.EMPTY_HASH);
        assertThat(stringToSign.text())
                .isEqualTo("AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n"
                        + "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63");
        assertThat(SigningKey.derive(EXAMPLE.secretAccessKey(), scope).sign(stringToSign.text()))
                .isEqualTo(SIGNATURE);
    }

    @Test
    void aMismatchExplainsItselfWithTheCanonicalRequest() {
        Verification result = verifier.verify(getVanilla(SIGNATURE.replace('5', '6')));

        assertThat(result).isInstanceOfSatisfying(Rejected.class, rejected -> {
            assertThat(rejected.reason()).isEqualTo(Reason.SIGNATURE_MISMATCH);
            assertThat(rejected.canonicalRequest()).startsWith("GET\n/\n\nhost:example.amazonaws.com\n");
            assertThat(rejected.stringToSign())
                    .endsWith("bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63");
            assertThat(rejected.message())
                    .doesNotContain(EXAMPLE.secretAccessKey())
                    .doesNotContain("\n");
        });
    }
}
