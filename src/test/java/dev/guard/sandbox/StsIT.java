package dev.guard.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.StsException;

/** STS through the real SDK v2 client: signatures, MFA codes, and the MFA context of each kind of credentials. */
class StsIT {
    private static final String DEV_ROLE = "arn:aws:iam::222222222222:role/PrivilegedActionsRole";

    private final SandboxFixture f;

    StsIT() throws Exception {
        f = new SandboxFixture();
    }

    @AfterEach
    void stop() {
        f.close();
    }

    private static String code(Throwable t) {
        return ((StsException) t).awsErrorDetails().errorCode();
    }

    @Test
    void longTermKeysIdentifyTheUser() {
        var id = f.sts(f.keys("alice")).getCallerIdentity();
        assertThat(id.arn()).isEqualTo("arn:aws:iam::111111111111:user/alice");
        assertThat(id.account()).isEqualTo("111111111111");
        assertThat(id.userId()).startsWith("AIDA");
    }

    @Test
    void aWrongSecretIsSignatureDoesNotMatch() {
        var wrong = AwsBasicCredentials.create(f.user("alice").accessKeyId(), "x".repeat(40));
        assertThatThrownBy(() -> f.sts(wrong).getCallerIdentity())
                .satisfies(t -> assertThat(code(t)).isEqualTo("SignatureDoesNotMatch"));
    }

    @Test
    void anUnknownKeyIsInvalidClientTokenId() {
        var unknown = AwsBasicCredentials.create("AKIAUNKNOWNUNKNOWN00", "x".repeat(40));
        assertThatThrownBy(() -> f.sts(unknown).getCallerIdentity())
                .satisfies(t -> assertThat(code(t)).isEqualTo("InvalidClientTokenId"));
    }

    @Test
    void assumingTheMfaRoleWithoutMfaIsDenied() {
        assertThatThrownBy(() -> f.sts(f.keys("alice"))
                        .assumeRole(r -> r.roleArn(DEV_ROLE).roleSessionName("test")))
                .satisfies(t -> assertThat(code(t)).isEqualTo("AccessDenied"))
                .hasMessageContaining("is not authorized to perform: sts:AssumeRole on resource: " + DEV_ROLE);
    }

    @Test
    void assumingTheMfaRoleWithAValidCodeWorksAndTheCodeCannotBeUsedTwice() {
        var sts = f.sts(f.keys("alice"));
        String code = f.nextCode("alice");
        var role = sts.assumeRole(r -> r.roleArn(DEV_ROLE)
                .roleSessionName("alice-t")
                .serialNumber(f.serial("alice"))
                .tokenCode(code));
        assertThat(role.assumedRoleUser().arn())
                .isEqualTo("arn:aws:sts::222222222222:assumed-role/PrivilegedActionsRole/alice-t");
        var asRole = f.sts(SandboxFixture.session(role.credentials())).getCallerIdentity();
        assertThat(asRole.account()).isEqualTo("222222222222");

        assertThatThrownBy(() -> sts.assumeRole(r -> r.roleArn(DEV_ROLE)
                        .roleSessionName("again")
                        .serialNumber(f.serial("alice"))
                        .tokenCode(code)))
                .satisfies(t -> assertThat(code(t)).isEqualTo("AccessDenied"))
                .hasMessageContaining("MultiFactorAuthentication failed");
    }

    @Test
    void aWrongCodeIsDenied() {
        String wrong = f.nextCode("alice").equals("000000") ? "111111" : "000000";
        assertThatThrownBy(() -> f.sts(f.keys("alice"))
                        .assumeRole(r -> r.roleArn(DEV_ROLE)
                                .roleSessionName("test")
                                .serialNumber(f.serial("alice"))
                                .tokenCode(wrong)))
                .satisfies(t -> assertThat(code(t)).isEqualTo("AccessDenied"));
    }

    @Test
    void someoneElsesDeviceIsDenied() {
        String code = f.nextCode("alice");
        assertThatThrownBy(() -> f.sts(f.keys("bob"))
                        .assumeRole(r -> r.roleArn(DEV_ROLE)
                                .roleSessionName("test")
                                .serialNumber(f.serial("alice"))
                                .tokenCode(code)))
                .satisfies(t -> assertThat(code(t)).isEqualTo("AccessDenied"));
    }

    @Test
    void aSessionTokenWithMfaAssumesTheRoleWithoutANewCodeForAtMostAnHour() {
        Credentials session = f.sts(f.keys("alice"))
                .getSessionToken(r -> r.durationSeconds(43_200)
                        .serialNumber(f.serial("alice"))
                        .tokenCode(f.nextCode("alice")))
                .credentials();
        var sts = f.sts(SandboxFixture.session(session));
        assertThat(sts.getCallerIdentity().arn()).isEqualTo("arn:aws:iam::111111111111:user/alice");

        var role = sts.assumeRole(r -> r.roleArn(DEV_ROLE).roleSessionName("chained"));
        assertThat(role.assumedRoleUser().arn()).endsWith("assumed-role/PrivilegedActionsRole/chained");

        assertThatThrownBy(() -> sts.assumeRole(
                        r -> r.roleArn(DEV_ROLE).roleSessionName("long").durationSeconds(7200)))
                .satisfies(t -> assertThat(code(t)).isEqualTo("ValidationError"))
                .hasMessageContaining("exceeds the 1 hour session limit for roles assumed by role chaining");
    }

    @Test
    void aSessionTokenWithoutMfaCannotAssumeTheMfaRole() {
        Credentials session = f.sts(f.keys("alice")).getSessionToken().credentials();
        assertThatThrownBy(() -> f.sts(SandboxFixture.session(session))
                        .assumeRole(r -> r.roleArn(DEV_ROLE).roleSessionName("test")))
                .satisfies(t -> assertThat(code(t)).isEqualTo("AccessDenied"));
    }

    @Test
    void roleSessionsCarryNoMfaSoChainingIntoTheMfaRoleFails() {
        var role = f.sts(f.keys("alice"))
                .assumeRole(r -> r.roleArn(DEV_ROLE)
                        .roleSessionName("first")
                        .serialNumber(f.serial("alice"))
                        .tokenCode(f.nextCode("alice")));
        String staging = "arn:aws:iam::333333333333:role/PrivilegedActionsRole";
        assertThatThrownBy(() -> f.sts(SandboxFixture.session(role.credentials()))
                        .assumeRole(r -> r.roleArn(staging).roleSessionName("second")))
                .satisfies(t -> assertThat(code(t)).isEqualTo("AccessDenied"));
    }

    @Test
    void sessionCredentialsCannotGetAnotherSessionToken() {
        Credentials session = f.sts(f.keys("alice")).getSessionToken().credentials();
        assertThatThrownBy(() -> f.sts(SandboxFixture.session(session)).getSessionToken())
                .satisfies(t -> assertThat(code(t)).isEqualTo("AccessDenied"));
    }

    @Test
    void theJournalRecordsDecisionsWithoutSecrets() {
        f.sts(f.keys("alice")).getCallerIdentity();
        assertThatThrownBy(
                () -> f.sts(f.keys("alice")).assumeRole(r -> r.roleArn(DEV_ROLE).roleSessionName("test")));
        var entries = f.sandbox.journal().entries();
        assertThat(entries).hasSize(2);
        assertThat(entries.get(1).decision()).isEqualTo("AccessDenied");
        assertThat(entries).noneMatch(e -> e.toString().contains(f.user("alice").secretAccessKey()));
        assertThat(f.sandbox.journal().anyMutation()).isFalse();
    }
}
