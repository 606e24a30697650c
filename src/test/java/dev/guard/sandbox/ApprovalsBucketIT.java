package dev.guard.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.guard.sandbox.server.Journal;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The approvals store's template bucket policy (config/sandbox.yaml, bucket guard-approvals) through
 * the real SDK: IAM itself proves who approved and that they used a fresh MFA code. Every refusal
 * is checked against the bucket's contents, not only the error.
 */
class ApprovalsBucketIT {
    private static final String BUCKET = "guard-approvals";

    private final SandboxFixture f;

    ApprovalsBucketIT() throws Exception {
        f = new SandboxFixture();
    }

    @AfterEach
    void stop() {
        f.close();
    }

    private AwsCredentials mfaSession(String user) {
        var c = f.sts(f.keys(user))
                .getSessionToken(r -> r.serialNumber(f.serial(user)).tokenCode(f.nextCode(user)))
                .credentials();
        f.nextTotpStep();
        return SandboxFixture.session(c);
    }

    private void put(AwsCredentials credentials, String key) {
        f.s3(credentials).putObject(r -> r.bucket(BUCKET).key(key), RequestBody.fromString("{\"approved\":true}"));
    }

    private void assertDenied(AwsCredentials credentials, String key) {
        int before = f.sandbox.journal().entries().size();
        assertThatThrownBy(() -> put(credentials, key))
                .isInstanceOf(S3Exception.class)
                .satisfies(t -> assertThat(((S3Exception) t).awsErrorDetails().errorCode())
                        .isEqualTo("AccessDenied"))
                .satisfies(t -> assertThat(((S3Exception) t).statusCode()).isEqualTo(403));
        List<Journal.Entry> after = f.sandbox.journal().entries();
        Journal.Entry last = after.get(after.size() - 1);
        assertThat(after).hasSize(before + 1);
        // The journal names a refused request's action; its decision is the error code.
        assertThat(last.action()).isEqualTo("s3:PutObject");
        assertThat(last.decision()).isEqualTo("AccessDenied");
        assertThat(last.status()).isEqualTo(403);
        assertThat(last.mutated()).isFalse();
        assertThat(keys()).doesNotContain(key);
    }

    /** The bucket's keys, read as the runner reads them (scheduler's long-term keys). */
    private List<String> keys() {
        return f.s3(f.keys("scheduler")).listObjectsV2(r -> r.bucket(BUCKET).prefix("approvals/")).contents().stream()
                .map(S3Object::key)
                .toList();
    }

    @Test
    void carolWithAFreshMfaSessionWritesAndDeletesUnderHerOwnName() {
        AwsCredentials carol = mfaSession("carol");
        put(carol, "approvals/carol/x.json");

        assertThat(keys()).containsExactly("approvals/carol/x.json");
        assertThat(f.s3(f.keys("scheduler"))
                        .getObjectAsBytes(r -> r.bucket(BUCKET).key("approvals/carol/x.json"))
                        .asUtf8String())
                .isEqualTo("{\"approved\":true}");
        // Revoking is deleting, under the same rules.
        f.s3(carol).deleteObject(r -> r.bucket(BUCKET).key("approvals/carol/x.json"));
        assertThat(keys()).isEmpty();
    }

    @Test
    void carolMayNotWriteIntoAlicesPrefixNorOutsideTheApprovalsPrefix() {
        AwsCredentials carol = mfaSession("carol");

        assertDenied(carol, "approvals/alice/x.json");
        assertDenied(carol, "carol/x.json");
        // A look-alike: approvals/carol-evil/ is not approvals/carol/.
        assertDenied(carol, "approvals/carol-evil/x.json");
    }

    @Test
    void carolMayNotDeleteAlicesApproval() {
        put(mfaSession("alice"), "approvals/alice/plan.json");
        AwsCredentials carol = mfaSession("carol");

        assertThatThrownBy(() -> f.s3(carol).deleteObject(r -> r.bucket(BUCKET).key("approvals/alice/plan.json")))
                .satisfies(t -> assertThat(((S3Exception) t).awsErrorDetails().errorCode())
                        .isEqualTo("AccessDenied"));
        assertThat(keys()).containsExactly("approvals/alice/plan.json");
    }

    @Test
    void longTermKeysAndSessionsWithoutMfaMayNotWriteAtAll() {
        assertDenied(f.keys("carol"), "approvals/carol/x.json");
        AwsCredentials noMfa =
                SandboxFixture.session(f.sts(f.keys("carol")).getSessionToken().credentials());
        assertDenied(noMfa, "approvals/carol/x.json");
    }

    @Test
    void anMfaSessionIsRefusedOnceItsCodeIsFiveMinutesOld() {
        AwsCredentials carol = mfaSession("carol");
        // mfaSession moved the clock one TOTP step (30 s) past the code: 4 min 59 s in all is still fresh.
        f.clock.advance(Duration.ofSeconds(269));
        put(carol, "approvals/carol/fresh.json");
        f.clock.advance(Duration.ofSeconds(1));

        assertDenied(carol, "approvals/carol/stale.json");
        assertThat(keys()).containsExactly("approvals/carol/fresh.json");
    }

    @Test
    void theSchedulerReadsAndListsButNeverWrites() {
        put(mfaSession("alice"), "approvals/alice/plan.json");
        AwsCredentials scheduler = f.keys("scheduler");

        assertThat(keys()).containsExactly("approvals/alice/plan.json");
        assertThat(f.s3(scheduler)
                        .getObjectAsBytes(r -> r.bucket(BUCKET).key("approvals/alice/plan.json"))
                        .asUtf8String())
                .contains("approved");
        assertDenied(scheduler, "approvals/scheduler/plan.json");
        assertDenied(scheduler, "approvals/alice/plan2.json");
        AwsCredentials schedulerSession =
                SandboxFixture.session(f.sts(scheduler).getSessionToken().credentials());
        assertDenied(schedulerSession, "approvals/scheduler/plan.json");
    }

    @Test
    void aRoleSessionCannotWriteEvenIntoItsAssumersPrefix() {
        // Assumed with MFA, yet the session carries no MFA context and no aws:username.
        var role = f.sts(f.keys("alice"))
                .assumeRole(r -> r.roleArn("arn:aws:iam::444444444444:role/PrivilegedActionsRole")
                        .roleSessionName("alice")
                        .serialNumber(f.serial("alice"))
                        .tokenCode(f.nextCode("alice")));
        f.nextTotpStep();
        assertDenied(SandboxFixture.session(role.credentials()), "approvals/alice/x.json");

        var runner = f.sts(f.keys("scheduler"))
                .assumeRole(r -> r.roleArn("arn:aws:iam::444444444444:role/GuardRunnerRole")
                        .roleSessionName("scheduler"));
        assertDenied(SandboxFixture.session(runner.credentials()), "approvals/scheduler/x.json");
    }

    @Test
    void otherAccountsMayNotEvenRead() {
        var runner = f.sts(f.keys("scheduler"))
                .assumeRole(r -> r.roleArn("arn:aws:iam::444444444444:role/GuardRunnerRole")
                        .roleSessionName("nightly"));

        assertThatThrownBy(
                        () -> f.s3(SandboxFixture.session(runner.credentials())).listObjectsV2(r -> r.bucket(BUCKET)))
                .satisfies(t -> assertThat(((S3Exception) t).awsErrorDetails().errorCode())
                        .isEqualTo("AccessDenied"));
    }

    @Test
    void getCallerIdentitysUserIdIsWhatAwsUseridResolvesTo() {
        var runner = f.sts(f.keys("scheduler"))
                .assumeRole(r -> r.roleArn("arn:aws:iam::444444444444:role/GuardRunnerRole")
                        .roleSessionName("nightly"));
        String sessionId = f.sts(SandboxFixture.session(runner.credentials()))
                .getCallerIdentity()
                .userId();
        String userId = f.sts(f.keys("carol")).getCallerIdentity().userId();

        assertThat(sessionId)
                .isEqualTo(runner.assumedRoleUser().assumedRoleId())
                .matches("AROA[A-Z0-9]{17}:nightly");
        assertThat(userId)
                .matches("AIDA[A-Z0-9]{17}")
                .isEqualTo(
                        dev.guard.sandbox.state.IamDirectory.uniqueId("AIDA", "arn:aws:iam::111111111111:user/carol"));
    }
}
