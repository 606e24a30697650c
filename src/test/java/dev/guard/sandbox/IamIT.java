package dev.guard.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.MFADevice;

/** The IAM reads guard makes, through the real SDK: finding the caller's MFA device, and the rules on who may read. */
class IamIT {
    private final SandboxFixture f;

    IamIT() throws Exception {
        f = new SandboxFixture();
    }

    @AfterEach
    void stop() {
        f.close();
    }

    private static String code(Throwable t) {
        return ((IamException) t).awsErrorDetails().errorCode();
    }

    @Test
    void aUserFindsTheirOwnMfaDevice() {
        var devices = f.iam(f.keys("alice")).listMFADevices().mfaDevices();
        assertThat(devices).extracting(MFADevice::serialNumber).containsExactly("arn:aws:iam::111111111111:mfa/alice");
    }

    @Test
    void sessionCredentialsWithoutMfaMayCallNoIamApi() {
        var session =
                SandboxFixture.session(f.sts(f.keys("alice")).getSessionToken().credentials());
        assertThatThrownBy(() -> f.iam(session).listMFADevices())
                .satisfies(t -> assertThat(code(t)).isEqualTo("AccessDenied"));
        var withMfa = SandboxFixture.session(f.sts(f.keys("alice"))
                .getSessionToken(r -> r.serialNumber(f.serial("alice")).tokenCode(f.nextCode("alice")))
                .credentials());
        assertThat(f.iam(withMfa).listMFADevices().mfaDevices()).hasSize(1);
    }

    @Test
    void rolesAreLookedUpInTheCallersOwnAccount() {
        assertThatThrownBy(() -> f.iam(f.keys("alice")).getRole(r -> r.roleName("PrivilegedActionsRole")))
                .satisfies(t -> assertThat(code(t)).isEqualTo("NoSuchEntity"));
    }
}
