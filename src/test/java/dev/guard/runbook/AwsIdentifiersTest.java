package dev.guard.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The identifier shapes AWS accepts, checked offline so a typo never reaches an API call. */
class AwsIdentifiersTest {
    @ParameterizedTest
    @ValueSource(strings = {"i-0123abcd", "i-0123456789abcdef0"})
    void instanceIdsHaveEightOrSeventeenLowercaseHexDigits(String id) {
        assertThat(AwsIdentifiers.instanceId(id)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "i-0123abcde",
                "i-0123abc",
                "i-0123456789abcdef",
                "i-0123456789ABCDEF0",
                "0123abcd",
                "i-0123abcg",
                ""
            })
    void otherInstanceIdsAreRefusedWithTheRule(String id) {
        assertThat(AwsIdentifiers.instanceId(id))
                .hasValueSatisfying(why -> assertThat(why)
                        .contains("'" + id
                                + "' is not an EC2 instance id (i- followed by 8 or 17 lowercase hex digits)"));
    }

    @Test
    void tableNamesAreThreeTo255OfTheAllowedCharacters() {
        assertThat(AwsIdentifiers.tableName("abc")).isEmpty();
        assertThat(AwsIdentifiers.tableName("Orders_2024.v-1")).isEmpty();
        assertThat(AwsIdentifiers.tableName("t".repeat(255))).isEmpty();
        assertThat(AwsIdentifiers.tableName("ab")).isPresent();
        assertThat(AwsIdentifiers.tableName("t".repeat(256))).isPresent();
        assertThat(AwsIdentifiers.tableName("my table")).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "guard-protected-artifacts", "my.bucket.2024", "1bucket"})
    void validBucketNamesPass(String name) {
        assertThat(AwsIdentifiers.bucketName(name)).isEmpty();
    }

    @Test
    void bucketNamesFollowEveryS3Rule() {
        assertThat(AwsIdentifiers.bucketName("ab"))
                .hasValueSatisfying(w -> assertThat(w).contains("3-63"));
        assertThat(AwsIdentifiers.bucketName("b".repeat(64)))
                .hasValueSatisfying(w -> assertThat(w).contains("3-63"));
        assertThat(AwsIdentifiers.bucketName("b".repeat(63))).isEmpty();
        assertThat(AwsIdentifiers.bucketName("My-Bucket"))
                .hasValueSatisfying(w -> assertThat(w).contains("lowercase"));
        assertThat(AwsIdentifiers.bucketName("-bucket")).isPresent();
        assertThat(AwsIdentifiers.bucketName("bucket.")).isPresent();
        assertThat(AwsIdentifiers.bucketName("my_bucket")).isPresent();
        assertThat(AwsIdentifiers.bucketName("my..bucket"))
                .hasValueSatisfying(w -> assertThat(w).contains("adjacent dots"));
        assertThat(AwsIdentifiers.bucketName("192.168.1.10"))
                .hasValueSatisfying(w -> assertThat(w).contains("IP address"));
        assertThat(AwsIdentifiers.bucketName("xn--bucket"))
                .hasValueSatisfying(w -> assertThat(w).contains("reserved"));
        assertThat(AwsIdentifiers.bucketName("sthree-bucket")).isPresent();
        assertThat(AwsIdentifiers.bucketName("bucket-s3alias")).isPresent();
        assertThat(AwsIdentifiers.bucketName("bucket--ol-s3")).isPresent();
    }

    @Test
    void objectKeysAreOneTo1024BytesOfUtf8WithoutControlCharacters() {
        assertThat(AwsIdentifiers.objectKey("releases/current/manifest.json")).isEmpty();
        assertThat(AwsIdentifiers.objectKey("k".repeat(1024))).isEmpty();
        assertThat(AwsIdentifiers.objectKey("k".repeat(1025)))
                .hasValueSatisfying(w -> assertThat(w).contains("1025"));
        // 512 two-byte characters are 1024 bytes; one more is too many although only 513 characters.
        assertThat(AwsIdentifiers.objectKey("é".repeat(512))).isEmpty();
        assertThat(AwsIdentifiers.objectKey("é".repeat(513)))
                .hasValueSatisfying(w -> assertThat(w).contains("1026"));
        assertThat(AwsIdentifiers.objectKey("")).isPresent();
        assertThat(AwsIdentifiers.objectKey("a\tb"))
                .hasValueSatisfying(w -> assertThat(w).contains("control"));
        assertThat(AwsIdentifiers.objectKey("a\u007fb")).isPresent();
    }

    @Test
    void anEmptyPrefixWouldSelectTheWholeBucket() {
        assertThat(AwsIdentifiers.objectPrefix(""))
                .hasValueSatisfying(w -> assertThat(w).contains("every object"));
        assertThat(AwsIdentifiers.objectPrefix("logs/")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "us-east-1",
                "eu-west-2",
                "ap-southeast-2",
                "us-gov-west-1",
                "cn-northwest-1",
                "il-central-1",
                "us-isob-east-1",
                "eusc-de-east-1",
                "ap-southeast-7"
            })
    void realRegionsPass(String region) {
        assertThat(AwsIdentifiers.region(region)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"us-east-0", "US-EAST-1", "us-middle-1", "useast1", "us-east", "us-east-1a"})
    void otherRegionsAreRefused(String region) {
        assertThat(AwsIdentifiers.region(region)).isPresent();
    }

    @Test
    void accountsAreTwelveDigitIdsOrLowercaseAliases() {
        assertThat(AwsIdentifiers.accountIdOrAlias("222222222222")).isEmpty();
        assertThat(AwsIdentifiers.accountIdOrAlias("development")).isEmpty();
        assertThat(AwsIdentifiers.accountIdOrAlias("22222222222"))
                .hasValueSatisfying(w -> assertThat(w).contains("exactly 12 digits"));
        assertThat(AwsIdentifiers.accountIdOrAlias("2222222222222")).isPresent();
        assertThat(AwsIdentifiers.accountIdOrAlias("Development")).isPresent();
        assertThat(AwsIdentifiers.isAccountAlias("222222222222")).isFalse();
        assertThat(AwsIdentifiers.isAccountAlias("qa-1")).isTrue();
    }

    @Test
    void rolesAreNamesOrRoleArnsWithAnyPath() {
        assertThat(AwsIdentifiers.role("PrivilegedActionsRole")).isEmpty();
        assertThat(AwsIdentifiers.role("r".repeat(64))).isEmpty();
        assertThat(AwsIdentifiers.role("r".repeat(65))).isPresent();
        assertThat(AwsIdentifiers.role("Privileged Role")).isPresent();
        assertThat(AwsIdentifiers.role("arn:aws:iam::222222222222:role/ops/PrivilegedActionsRole"))
                .isEmpty();
        assertThat(AwsIdentifiers.role("arn:aws-cn:iam::222222222222:role/R")).isEmpty();
        assertThat(AwsIdentifiers.role("arn:aws:iam::2222:role/R"))
                .hasValueSatisfying(w -> assertThat(w).contains("ARN"));
        assertThat(AwsIdentifiers.role("arn:aws:iam::222222222222:user/alice")).isPresent();
    }

    @Test
    void aRoleArnNamesItsAccountAndRole() {
        String arn = "arn:aws:iam::333333333333:role/team/Deployer";

        assertThat(AwsIdentifiers.roleArnAccount(arn)).contains("333333333333");
        assertThat(AwsIdentifiers.roleName(arn)).isEqualTo("Deployer");
        assertThat(AwsIdentifiers.roleArnAccount("Deployer")).isEmpty();
        assertThat(AwsIdentifiers.roleName("Deployer")).isEqualTo("Deployer");
        assertThat(AwsIdentifiers.roleArn("222222222222", "Deployer"))
                .isEqualTo("arn:aws:iam::222222222222:role/Deployer");
        assertThat(AwsIdentifiers.roleArn("222222222222", arn)).isEqualTo(arn);
    }

    @Test
    void mfaDevicesAreVirtualDeviceArnsOrHardwareSerials() {
        assertThat(AwsIdentifiers.mfaSerial("arn:aws:iam::111111111111:mfa/alice"))
                .isEmpty();
        assertThat(AwsIdentifiers.mfaSerialAccount("arn:aws:iam::111111111111:mfa/alice"))
                .contains("111111111111");
        assertThat(AwsIdentifiers.mfaSerial("GAHT12345678")).isEmpty();
        assertThat(AwsIdentifiers.mfaSerialAccount("GAHT12345678")).isEmpty();
        assertThat(AwsIdentifiers.mfaSerial("arn:aws:iam::111111111111:user/alice"))
                .isPresent();
    }

    @Test
    void tagKeysAndValuesHaveAwsLimits() {
        assertThat(AwsIdentifiers.tagKey("guard:protected")).isEmpty();
        assertThat(AwsIdentifiers.tagKey("k".repeat(129))).isPresent();
        assertThat(AwsIdentifiers.tagKey("a*b")).isPresent();
        assertThat(AwsIdentifiers.tagValue("v".repeat(256))).isEmpty();
        assertThat(AwsIdentifiers.tagValue("v".repeat(257))).isPresent();
    }
}
