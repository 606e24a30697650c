package dev.guard.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ArnTest {
    @ParameterizedTest
    @ValueSource(
            strings = {"aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc"})
    void aRoleAndAnMfaDeviceAreReadInEveryPartition(String partition) {
        Arn role = Arn.role("arn:" + partition + ":iam::123456789012:role/ops/Admin")
                .orElseThrow();
        assertThat(role).isEqualTo(new Arn(partition, "iam", "", "123456789012", "role/ops/Admin"));
        assertThat(role.resourceName()).isEqualTo("Admin");
        assertThat(role.format()).isEqualTo("arn:" + partition + ":iam::123456789012:role/ops/Admin");

        String device = "arn:" + partition + ":iam::123456789012:mfa/alice";
        assertThat(Arn.mfaDevice(device).map(Arn::account)).contains("123456789012");
        assertThat(AwsIdentifiers.role(device.replace(":mfa/alice", ":role/Admin")))
                .isEmpty();
        assertThat(AwsIdentifiers.mfaSerial(device)).isEmpty();
        assertThat(AwsIdentifiers.mfaSerialAccount(device)).contains("123456789012");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "arn:awsx:iam::123456789012:role/Admin", // not a partition
                "arn:aws-:iam::123456789012:role/Admin",
                "arn:aws-a-b-c:iam::123456789012:role/Admin",
                "arn:AWS:iam::123456789012:role/Admin",
                "arn:aws:iam::12345678901:role/Admin", // 11 digits
                "arn:aws:iam::123456789012:user/Admin", // not a role
                "arn:aws:iam:us-east-1:123456789012:role/Admin", // IAM has no region
                "arn:aws:sts::123456789012:role/Admin",
                "arn:aws:iam::123456789012:role/",
                "arn:aws:iam::123456789012:role/n12345678n12345678n12345678n12345678n12345678n12345678n12345678n12345678", // 72 characters: over 64
                "arn:aws:iam::123456789012:role/a b",
                "arn:aws:iam::123456789012",
            })
    void aMalformedRoleArnIsRefusedWithOneLineShowingTheShape(String text) {
        assertThat(Arn.role(text)).isEmpty();
        assertThat(AwsIdentifiers.role(text))
                .contains("'" + text + "' is not an IAM role ARN (arn:aws:iam::123456789012:role/NAME)");
        assertThat(AwsIdentifiers.roleArnAccount(text)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "arn:aws-iso-b-x:iam::123456789012:mfa/alice",
                "arn:aws:iam::123456789012:mfa/",
                "arn:aws:iam::123456789012:mfa/al ice",
                "arn:aws:iam::123456789012:role/alice",
                "arn:aws:iam:::mfa/alice",
                "gaht1234",
            })
    void aMalformedMfaSerialIsRefusedWithOneLineShowingTheShape(String text) {
        assertThat(Arn.mfaDevice(text)).isEmpty();
        assertThat(AwsIdentifiers.mfaSerial(text))
                .contains("'" + text
                        + "' is not an MFA device (arn:aws:iam::123456789012:mfa/NAME or a hardware serial)");
        assertThat(AwsIdentifiers.mfaSerialAccount(text)).isEmpty();
    }

    @Test
    void anyArnIsTakenApartAndWrittenBackAsItWas() {
        String text = "arn:aws-cn:s3:::bucket/key:with:colons";
        Arn arn = Arn.parse(text).orElseThrow();
        assertThat(arn).isEqualTo(new Arn("aws-cn", "s3", "", "", "bucket/key:with:colons"));
        assertThat(arn.toString()).isEqualTo(text);
        assertThat(Arn.parse("arn:aws::us-east-1:123456789012:x")).isEqualTo(Optional.empty());
    }

    @Test
    void aRoleNamedInAnAccountIsAnArnInTheAwsPartition() {
        assertThat(Arn.role("123456789012", "Ops").format()).isEqualTo("arn:aws:iam::123456789012:role/Ops");
        assertThat(AwsIdentifiers.roleArn("123456789012", "Ops")).isEqualTo("arn:aws:iam::123456789012:role/Ops");
        assertThat(AwsIdentifiers.roleName("arn:aws-us-gov:iam::123456789012:role/a/b/Ops"))
                .isEqualTo("Ops");
    }
}
