package dev.guard.sandbox.sts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.guard.sandbox.server.AwsError;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** STS's model validation: AWS's wording, every violation in one answer, in the model's member order. */
class ConstraintsTest {
    private static final String ROLE = "arn:aws:iam::111111111111:role/ThirdPartyAuditRole";

    private static Map<String, String> assumeRole(String... more) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("RoleArn", ROLE);
        params.put("RoleSessionName", "audit");
        for (int i = 0; i < more.length; i += 2) {
            params.put(more[i], more[i + 1]);
        }
        return params;
    }

    private static AwsError refused(Map<String, String> params) {
        AwsError e = catchThrowableOfType(AwsError.class, () -> Constraints.assumeRole(params));
        assertThat(e).as("refused: %s", params).isNotNull();
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.code()).isEqualTo("ValidationError");
        assertThat(e.type()).isEqualTo("Sender");
        return e;
    }

    @Test
    void aWellFormedRequestPasses() {
        assertThatCode(() -> Constraints.assumeRole(assumeRole(
                        "ExternalId", "guard-audit-7f3a",
                        "SerialNumber", "arn:aws:iam::111111111111:mfa/alice",
                        "TokenCode", "123456",
                        "DurationSeconds", "43200",
                        "SourceIdentity", "alice")))
                .doesNotThrowAnyException();
        assertThatCode(() -> Constraints.getSessionToken(Map.of("DurationSeconds", "129600")))
                .doesNotThrowAnyException();
    }

    @Test
    void oneViolationIsOneValidationErrorThatEchoesTheValue() {
        assertThat(refused(assumeRole("ExternalId", "a")).getMessage())
                .isEqualTo("1 validation error detected: Value 'a' at 'externalId' failed to satisfy constraint:"
                        + " Member must have length greater than or equal to 2");
        assertThat(refused(assumeRole("ExternalId", "x".repeat(1225))).getMessage())
                .endsWith("Member must have length less than or equal to 1224");
        assertThat(refused(assumeRole("ExternalId", "has space")).getMessage())
                .isEqualTo("1 validation error detected: Value 'has space' at 'externalId' failed to satisfy"
                        + " constraint: Member must satisfy regular expression pattern: [\\w+=,.@:\\/-]*");
        assertThat(refused(assumeRole("RoleArn", "bogus")).getMessage())
                .isEqualTo("1 validation error detected: Value 'bogus' at 'roleArn' failed to satisfy constraint:"
                        + " Member must have length greater than or equal to 20");
        assertThat(refused(assumeRole("RoleSessionName", "bad name")).getMessage())
                .isEqualTo("1 validation error detected: Value 'bad name' at 'roleSessionName' failed to satisfy"
                        + " constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*");
        assertThat(refused(assumeRole("DurationSeconds", "899")).getMessage())
                .isEqualTo("1 validation error detected: Value '899' at 'durationSeconds' failed to satisfy"
                        + " constraint: Member must have value greater than or equal to 900");
    }

    @Test
    void severalViolationsAreCountedAndJoinedInTheModelsMemberOrder() {
        Map<String, String> params = new LinkedHashMap<>();
        // Given in another order than the model's: the answer follows the model.
        params.put("TokenCode", "12345x");
        params.put("SerialNumber", "short");
        params.put("RoleSessionName", "x");
        params.put("RoleArn", ROLE);
        assertThat(refused(params).getMessage())
                .isEqualTo("3 validation errors detected: Value 'x' at 'roleSessionName' failed to satisfy"
                        + " constraint: Member must have length greater than or equal to 2; Value 'short' at"
                        + " 'serialNumber' failed to satisfy constraint: Member must have length greater than or"
                        + " equal to 9; Value '12345x' at 'tokenCode' failed to satisfy constraint: Member must"
                        + " satisfy regular expression pattern: [\\d]*");
    }

    @Test
    void aParameterBreakingLengthAndPatternIsTwoViolationsLengthFirst() {
        assertThat(refused(assumeRole("TokenCode", "x")).getMessage())
                .isEqualTo("2 validation errors detected: Value 'x' at 'tokenCode' failed to satisfy constraint:"
                        + " Member must have length greater than or equal to 6; Value 'x' at 'tokenCode' failed to"
                        + " satisfy constraint: Member must satisfy regular expression pattern: [\\d]*");
    }

    @Test
    void missingRequiredParametersAreNullValues() {
        AwsError e = catchThrowableOfType(AwsError.class, () -> Constraints.assumeRole(Map.of()));
        assertThat(e.getMessage())
                .isEqualTo("2 validation errors detected: Value null at 'roleArn' failed to satisfy constraint:"
                        + " Member must not be null; Value null at 'roleSessionName' failed to satisfy constraint:"
                        + " Member must not be null");
    }

    @Test
    void getSessionTokenAllowsThirtySixHoursAndChecksItsMfaParameters() {
        AwsError e = catchThrowableOfType(
                AwsError.class,
                () -> Constraints.getSessionToken(Map.of("DurationSeconds", "129601", "TokenCode", "1234567")));
        assertThat(e.getMessage())
                .isEqualTo("2 validation errors detected: Value '129601' at 'durationSeconds' failed to satisfy"
                        + " constraint: Member must have value less than or equal to 129600; Value '1234567' at"
                        + " 'tokenCode' failed to satisfy constraint: Member must have length less than or equal"
                        + " to 6");
    }
}
