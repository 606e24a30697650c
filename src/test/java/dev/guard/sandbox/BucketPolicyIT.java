package dev.guard.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The classic trap, through the real SDK: a bucket policy that trusts the caller's account only
 * with MFA refuses AssumeRole credentials (even when MFA was used to assume the role) and accepts
 * the caller's own GetSessionToken(MFA) credentials.
 */
class BucketPolicyIT {
    private static final String BUCKET = "guard-protected-artifacts";
    private static final String PROD_ROLE = "arn:aws:iam::444444444444:role/PrivilegedActionsRole";

    private final SandboxFixture f;

    BucketPolicyIT() throws Exception {
        f = new SandboxFixture();
    }

    @AfterEach
    void stop() {
        f.close();
    }

    private void put(AwsCredentials credentials, String key, String body) {
        f.s3(credentials).putObject(r -> r.bucket(BUCKET).key(key), RequestBody.fromString(body));
    }

    private static String code(Throwable t) {
        return ((S3Exception) t).awsErrorDetails().errorCode();
    }

    @Test
    void assumeRoleCredentialsAreRefusedEvenWhenMfaWasUsedToAssumeTheRole() {
        var role = f.sts(f.keys("alice"))
                .assumeRole(r -> r.roleArn(PROD_ROLE)
                        .roleSessionName("trap")
                        .serialNumber(f.serial("alice"))
                        .tokenCode(f.nextCode("alice")));
        assertThatThrownBy(() -> put(SandboxFixture.session(role.credentials()), "releases/x.txt", "x"))
                .satisfies(t -> assertThat(code(t)).isEqualTo("AccessDenied"));
        assertThat(f.sandbox.journal().anyMutation()).isFalse();
    }

    @Test
    void getSessionTokenWithMfaCredentialsArePermittedToPutReadAndDelete() {
        var session = SandboxFixture.session(f.sts(f.keys("alice"))
                .getSessionToken(r -> r.serialNumber(f.serial("alice")).tokenCode(f.nextCode("alice")))
                .credentials());
        put(session, "releases/new.txt", "hello");
        var s3 = f.s3(session);
        assertThat(s3.getObjectAsBytes(r -> r.bucket(BUCKET).key("releases/new.txt"))
                        .asUtf8String())
                .isEqualTo("hello");
        assertThat(s3.listObjectsV2(r -> r.bucket(BUCKET).prefix("releases/")).contents())
                .extracting(o -> o.key())
                .contains("releases/new.txt");
        s3.deleteObject(r -> r.bucket(BUCKET).key("releases/new.txt"));
        assertThatThrownBy(() -> s3.getObject(r -> r.bucket(BUCKET).key("releases/new.txt")))
                .satisfies(t -> assertThat(code(t)).isEqualTo("NoSuchKey"));
        assertThat(f.sandbox.journal().anyMutation()).isTrue();
    }

    @Test
    void longTermKeysAndSessionsWithoutMfaAreRefused() {
        assertThatThrownBy(() -> put(f.keys("alice"), "releases/y.txt", "y"))
                .satisfies(t -> assertThat(code(t)).isEqualTo("AccessDenied"));
        var noMfa =
                SandboxFixture.session(f.sts(f.keys("alice")).getSessionToken().credentials());
        assertThatThrownBy(() -> put(noMfa, "releases/y.txt", "y"))
                .satisfies(t -> assertThat(code(t)).isEqualTo("AccessDenied"));
    }

    @Test
    void aMissingBucketIsNoSuchBucket() {
        assertThatThrownBy(() -> f.s3(f.keys("alice")).listObjectsV2(r -> r.bucket("no-such-bucket-here")))
                .satisfies(t -> assertThat(code(t)).isEqualTo("NoSuchBucket"));
    }
}
