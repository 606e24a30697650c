package dev.guard.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import dev.guard.error.ExitCode;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/** How guard reads STS's refusals: which ones another MFA code can fix, and what the operator is told. */
class StsFailuresTest {
    private static final String SERIAL = "arn:aws:iam::111111111111:mfa/carol";

    private static AwsServiceException refusal(int status, String code, String message) {
        return AwsServiceException.builder()
                .statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder()
                        .errorCode(code)
                        .errorMessage(message)
                        .build())
                .build();
    }

    @Test
    void aWrongCodeIsWorthAnotherTryButAnotherUsersDeviceIsNot() {
        AwsServiceException badCode =
                refusal(403, "AccessDenied", "MultiFactorAuthentication failed with invalid MFA one time pass code.");
        AwsServiceException wrongDevice = refusal(
                403,
                "AccessDenied",
                "MultiFactorAuthentication failed, unable to validate MFA code.  Please verify your MFA serial number"
                        + " is valid and associated with this user.");

        assertThat(StsFailures.invalidCode(badCode)).isTrue();
        assertThat(StsFailures.invalidCode(wrongDevice)).isFalse();
        var explained = StsFailures.explain(wrongDevice, "GetSessionToken with MFA", true, SERIAL);
        assertThat(explained.exitCode()).isEqualTo(ExitCode.AUTH_FAILED);
        assertThat(explained.getMessage())
                .contains("MFA device " + SERIAL + " is not one of your user's devices")
                .doesNotContain("code may be wrong");
    }

    @Test
    void aClockAheadOfTheEndpointIsNamedAsAClockProblem() {
        var ahead = StsFailures.explain(
                refusal(
                        403,
                        "SignatureDoesNotMatch",
                        "Signature not yet current: 20261201T080000Z is still later than 20261201T070500Z"
                                + " (20261201T065000Z + 15 min.)"),
                "GetCallerIdentity",
                false,
                null);
        var behind = StsFailures.explain(
                refusal(
                        403,
                        "SignatureDoesNotMatch",
                        "Signature expired: 20261201T060000Z is now earlier than 20261201T063500Z"
                                + " (20261201T065000Z - 15 min.)"),
                "GetCallerIdentity",
                false,
                null);

        assertThat(ahead.getMessage()).contains("your clock differs").contains("\"Signature not yet current\"");
        assertThat(behind.getMessage()).contains("your clock differs").contains("\"Signature expired\"");
    }
}
