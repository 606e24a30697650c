package dev.guard.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.guard.auth.Acquisition;
import dev.guard.auth.BaseIdentity;
import dev.guard.auth.CredentialPlan;
import dev.guard.auth.MfaDevice;
import dev.guard.auth.StepCredentials;
import dev.guard.auth.Strategy;
import dev.guard.aws.AwsClients;
import dev.guard.aws.Calls;
import dev.guard.error.ExitCode;
import dev.guard.error.GuardException;
import dev.guard.sandbox.SandboxFixture;
import dev.guard.sandbox.seed.Faults;
import dev.guard.sandbox.seed.SeedLoader;
import dev.guard.sandbox.seed.SeedWorld;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * The credential broker against a sandbox, with the real SDK: who the caller is, each kind of STS
 * acquisition with and without a right code, one code for a chain of roles, a cached session that
 * needs none, and an STS outage told apart from a refusal. What STS was asked is read from the
 * sandbox's journal.
 */
class CredentialBrokerIT {
    private static final String DEV_ROLE = "arn:aws:iam::222222222222:role/PrivilegedActionsRole";
    private static final String STAGING_ROLE = "arn:aws:iam::333333333333:role/PrivilegedActionsRole";
    private static final String ALICE_MFA = "arn:aws:iam::111111111111:mfa/alice";

    private SandboxFixture f;
    private final List<AutoCloseable> open = new ArrayList<>();
    private final List<String> notices = new ArrayList<>();
    /** Every code the broker asked for, in order. */
    private final List<String> asked = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        if (f != null) {
            f.close();
        }
    }

    private SandboxFixture sandbox() throws Exception {
        f = new SandboxFixture();
        return f;
    }

    private SandboxFixture sandbox(Faults.Rule rule) throws Exception {
        SeedWorld seed = SeedLoader.bundled();
        f = new SandboxFixture(seed.withFaults(new Faults(List.of(rule))));
        return f;
    }

    /** The one place a broker is built: alice's (or another user's) keys, retries without real pauses. */
    private CredentialBroker broker(String user) {
        AwsClients clients = new AwsClients(Optional.of(f.endpoint()), Duration.ofSeconds(5));
        open.add(clients);
        Calls calls = new Calls(6, Duration.ofMillis(1), notices::add);
        return new CredentialBroker(
                clients, calls, StaticCredentialsProvider.create(f.keys(user)), "us-east-1", Optional.empty());
    }

    /** alice's current code, and the sandbox's clock moved on so the next one is fresh. */
    private MfaCodeSource codes() {
        return source(() -> {
            String code = f.nextCode("alice");
            f.nextTotpStep();
            return code;
        });
    }

    private MfaCodeSource wrongCode() {
        return source(() -> f.nextCode("alice").equals("123456") ? "654321" : "123456");
    }

    /** A code source for the test that remembers every code it gave. */
    private MfaCodeSource source(java.util.function.Supplier<String> next) {
        return new MfaCodeSource() {
            @Override
            public String describe() {
                return "the test";
            }

            @Override
            public String code(String serial) {
                String code = next.get();
                asked.add(code);
                return code;
            }
        };
    }

    private static CredentialPlan plan(List<StepCredentials> steps, Acquisition... acquisitions) {
        int prompts = (int) List.of(acquisitions).stream()
                .filter(Acquisition::promptsForMfa)
                .count();
        return new CredentialPlan(steps, List.of(acquisitions), prompts, List.of());
    }

    private static final Acquisition.GetSessionToken SESSION_WITH_MFA =
            new Acquisition.GetSessionToken(Optional.of(ALICE_MFA), 3600, true);

    private static StepCredentials step(String id, Strategy strategy, String role) {
        return new StepCredentials(id, strategy, Optional.ofNullable(role), "test");
    }

    /**
     * Every request STS received, in order: the operation it answered, or — for a request answered
     * with an error — the decision ("AccessDenied", "fault: ServiceUnavailable").
     */
    private List<String> stsCalls() {
        return f.sandbox.journal().entries().stream()
                .filter(e -> e.service().equals("sts"))
                .map(e -> !e.decision().equals("allowed")
                        ? e.decision()
                        : e.action().substring(e.action().indexOf(':') + 1))
                .toList();
    }

    /** Who a session is, asked of the sandbox with it. */
    private String arnOf(AwsCredentialsProvider session) {
        return f.sts(session.resolveCredentials()).getCallerIdentity().arn();
    }

    private static final MfaDevice ALICE_DEVICE = MfaDevice.of(ALICE_MFA, MfaDevice.Source.CONFIG);

    @Test
    void identifyNamesTheIamUserBehindTheKeys() throws Exception {
        sandbox();
        CredentialBroker.Caller caller = broker("alice").identify();

        assertThat(caller.arn()).isEqualTo("arn:aws:iam::111111111111:user/alice");
        assertThat(caller.accountId()).isEqualTo("111111111111");
        assertThat(caller.identity().kind()).isEqualTo(BaseIdentity.Kind.IAM_USER);
        assertThat(stsCalls()).containsExactly("GetCallerIdentity");
    }

    @Test
    void getSessionTokenWithTheRightCodeGivesAnMfaSessionAndKeepsIt() throws Exception {
        sandbox();
        MemorySessions kept = new MemorySessions();
        var plan = plan(List.of(step("s", Strategy.SESSION_TOKEN_WITH_MFA, null)), SESSION_WITH_MFA);

        var acquired = broker("alice").acquire(plan, ALICE_DEVICE, this::codes, "guard-test", kept);

        CredentialBroker.StepSession s = acquired.byStep().get("s");
        assertThat(s.how()).isEqualTo("GetSessionToken with MFA");
        assertThat(s.fromCache()).isFalse();
        assertThat(arnOf(s.provider())).isEqualTo("arn:aws:iam::111111111111:user/alice");
        assertThat(kept.usable()).isPresent();
        assertThat(asked).hasSize(1);
        assertThat(stsCalls()).containsExactly("GetSessionToken", "GetCallerIdentity");
    }

    @Test
    void aWrongCodeIsRefusedWithExit4InOneLineThatNamesTheDeviceButNoSecret() throws Exception {
        sandbox();
        var plan = plan(List.of(step("s", Strategy.SESSION_TOKEN_WITH_MFA, null)), SESSION_WITH_MFA);
        MemorySessions kept = new MemorySessions();

        assertThatThrownBy(() -> broker("alice").acquire(plan, ALICE_DEVICE, this::wrongCode, "guard-test", kept))
                .isInstanceOfSatisfying(GuardException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(ExitCode.AUTH_FAILED);
                    assertThat(e.lines()).hasSize(1);
                    assertThat(e.getMessage())
                            .startsWith("GetSessionToken with MFA device " + ALICE_MFA + " denied: the MFA code may be"
                                    + " wrong")
                            .doesNotContain("\n")
                            .doesNotContain(asked.get(0))
                            .doesNotContain(f.user("alice").secretAccessKey());
                });
        assertThat(kept.usable()).isEmpty();
        // Refused once, and not asked again with the same code.
        assertThat(stsCalls()).containsExactly("AccessDenied");
    }

    @Test
    void assumeRoleWithMfaSatisfiesATrustPolicyThatRequiresIt() throws Exception {
        sandbox();
        var plan = plan(
                List.of(step("t", Strategy.ASSUME_ROLE_WITH_MFA, DEV_ROLE)),
                new Acquisition.AssumeRole(DEV_ROLE, 3600, Optional.of(ALICE_MFA), true, false));

        var acquired = broker("alice")
                .acquire(plan, ALICE_DEVICE, this::codes, "guard-test", CredentialBroker.MfaSessions.NONE);

        assertThat(arnOf(acquired.byStep().get("t").provider()))
                .isEqualTo("arn:aws:sts::222222222222:assumed-role/PrivilegedActionsRole/guard-test");
        assertThat(asked).hasSize(1);
        assertThat(stsCalls()).containsExactly("AssumeRole", "GetCallerIdentity");
    }

    @Test
    void assumeRoleWithoutMfaIsRefusedByThatTrustPolicyWithExit4() throws Exception {
        sandbox();
        var plan = plan(
                List.of(step("t", Strategy.ASSUME_ROLE, DEV_ROLE)),
                new Acquisition.AssumeRole(DEV_ROLE, 3600, Optional.empty(), false, false));

        assertThatThrownBy(() -> broker("alice")
                        .acquire(plan, ALICE_DEVICE, this::codes, "guard-test", CredentialBroker.MfaSessions.NONE))
                .isInstanceOfSatisfying(GuardException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(ExitCode.AUTH_FAILED);
                    assertThat(e.getMessage())
                            .startsWith("AssumeRole " + DEV_ROLE + " denied: the role's trust policy does not allow"
                                    + " you, or not without MFA");
                });
        assertThat(asked).isEmpty();
    }

    @Test
    void rolesChainedFromOneMfaSessionTakeOneCodeAndOneGetSessionToken() throws Exception {
        sandbox();
        var plan = plan(
                List.of(
                        step("dev", Strategy.SESSION_TOKEN_THEN_ASSUME_ROLE, DEV_ROLE),
                        step("staging", Strategy.SESSION_TOKEN_THEN_ASSUME_ROLE, STAGING_ROLE)),
                SESSION_WITH_MFA,
                new Acquisition.AssumeRole(DEV_ROLE, 3600, Optional.empty(), false, true),
                new Acquisition.AssumeRole(STAGING_ROLE, 3600, Optional.empty(), false, true));

        var acquired = broker("alice")
                .acquire(plan, ALICE_DEVICE, this::codes, "guard-test", CredentialBroker.MfaSessions.NONE);

        assertThat(asked).hasSize(1);
        assertThat(stsCalls()).containsExactly("GetSessionToken", "AssumeRole", "AssumeRole");
        assertThat(acquired.inOrder())
                .extracting(CredentialBroker.StepSession::how)
                .containsExactly(
                        "GetSessionToken with MFA",
                        "AssumeRole " + DEV_ROLE + " using your MFA session (renewed without a code before it expires)",
                        "AssumeRole " + STAGING_ROLE
                                + " using your MFA session (renewed without a code before it expires)");
        assertThat(arnOf(acquired.byStep().get("dev").provider())).contains("::222222222222:assumed-role/");
        assertThat(arnOf(acquired.byStep().get("staging").provider())).contains("::333333333333:assumed-role/");
    }

    @Test
    void aCachedMfaSessionServesTheNextRunWithoutACodeOrAGetSessionToken() throws Exception {
        sandbox();
        MemorySessions kept = new MemorySessions();
        var plan = plan(
                List.of(step("dev", Strategy.SESSION_TOKEN_THEN_ASSUME_ROLE, DEV_ROLE)),
                SESSION_WITH_MFA,
                new Acquisition.AssumeRole(DEV_ROLE, 3600, Optional.empty(), false, true));
        broker("alice").acquire(plan, ALICE_DEVICE, this::codes, "guard-test", kept);
        f.sandbox.journal().clear();

        var again = broker("alice").acquire(plan, ALICE_DEVICE, this::codes, "guard-test", kept);

        assertThat(asked).hasSize(1); // the first run's
        assertThat(again.inOrder().get(0).fromCache()).isTrue();
        assertThat(again.inOrder().get(0).how()).startsWith("your cached MFA session");
        assertThat(stsCalls()).containsExactly("AssumeRole");
        assertThat(arnOf(again.byStep().get("dev").provider())).contains("::222222222222:assumed-role/");
    }

    @Test
    void aCachedSessionAwsRefusesIsRemovedBeforeAnyDeferredRoleOfASetIsAssumed() throws Exception {
        sandbox();
        MemorySessions kept = new MemorySessions();
        // A session this sandbox never issued: what a restarted sandbox, or a revoked session, looks like.
        kept.keep(
                Credentials.builder()
                        .accessKeyId("ASIA0000000000000000")
                        .secretAccessKey("not-a-secret-this-sandbox-knows")
                        .sessionToken("never-issued")
                        .expiration(Instant.now().plus(Duration.ofHours(1)))
                        .build(),
                Instant.now());
        var plan = plan(
                List.of(
                        step("stop@dev", Strategy.SESSION_TOKEN_THEN_ASSUME_ROLE, DEV_ROLE),
                        step("stop@staging", Strategy.SESSION_TOKEN_THEN_ASSUME_ROLE, STAGING_ROLE)),
                SESSION_WITH_MFA,
                new Acquisition.AssumeRole(DEV_ROLE, 3600, Optional.empty(), false, true),
                new Acquisition.AssumeRole(STAGING_ROLE, 3600, Optional.empty(), false, true));
        CredentialBroker broker = broker("alice");
        broker.deferChainedRoles(Set.of(DEV_ROLE, STAGING_ROLE));

        assertThatThrownBy(() -> broker.acquire(plan, ALICE_DEVICE, this::codes, "guard-test", kept))
                .isInstanceOfSatisfying(GuardException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(ExitCode.AUTH_FAILED);
                    assertThat(e.getMessage())
                            .isEqualTo("GetCallerIdentity refused your cached MFA session (InvalidClientTokenId); it"
                                    + " was removed: run again to give a new code, or guard login. Nothing was"
                                    + " changed.");
                });
        assertThat(kept.usable()).isEmpty();
        assertThat(asked).isEmpty();
        assertThat(stsCalls()).doesNotContain("AssumeRole");
    }

    @Test
    void anStsOutageIsExit1NotAnAuthenticationFailureAndTheCodeIsNotResent() throws Exception {
        sandbox(new Faults.Rule(
                "sts",
                "GetSessionToken",
                OptionalInt.empty(),
                Optional.of(new Faults.ErrorBurst(503, 10)),
                OptionalLong.empty(),
                OptionalInt.empty()));
        var plan = plan(List.of(step("s", Strategy.SESSION_TOKEN_WITH_MFA, null)), SESSION_WITH_MFA);

        assertThatThrownBy(() -> broker("alice")
                        .acquire(plan, ALICE_DEVICE, this::codes, "guard-test", CredentialBroker.MfaSessions.NONE))
                .isInstanceOfSatisfying(GuardException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(ExitCode.ACTION_FAILED);
                    assertThat(e.getMessage())
                            .contains("failed on AWS's side (HTTP 503")
                            .contains("the code may have been used")
                            .doesNotContain("denied");
                });
        // Answered 503 once: not repeated, for AWS may have used the code.
        assertThat(asked).hasSize(1);
        assertThat(stsCalls()).containsExactly("fault: ServiceUnavailable");
    }

    @Test
    void anOutageOfAReadIsRetriedThenExit1() throws Exception {
        sandbox(new Faults.Rule(
                "sts",
                "GetCallerIdentity",
                OptionalInt.empty(),
                Optional.of(new Faults.ErrorBurst(500, 2)),
                OptionalLong.empty(),
                OptionalInt.empty()));

        assertThat(broker("alice").identify().arn()).endsWith(":user/alice");
        assertThat(stsCalls()).containsExactly("fault: InternalError", "fault: InternalError", "GetCallerIdentity");
        assertThat(notices).hasSize(2);

        f.close();
        sandbox(new Faults.Rule(
                "sts",
                "GetCallerIdentity",
                OptionalInt.empty(),
                Optional.of(new Faults.ErrorBurst(500, 100)),
                OptionalLong.empty(),
                OptionalInt.empty()));
        assertThatThrownBy(() -> broker("alice").identify()).isInstanceOfSatisfying(GuardException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(ExitCode.ACTION_FAILED);
            assertThat(e.getMessage())
                    .startsWith("GetCallerIdentity (checking who your base credentials are) failed on AWS's"
                            + " side (HTTP 500");
        });
        assertThat(stsCalls()).hasSize(6).containsOnly("fault: InternalError");
    }

    @Test
    void withoutAConfiguredDeviceTheCallersOnlyDeviceIsFoundAndNoneIsARefusal() throws Exception {
        sandbox();
        MfaDevice found = broker("alice").device(MfaDevice.discoveredAtRunTime());
        assertThat(found.serial()).hasValue(ALICE_MFA);
        assertThat(found.source()).isEqualTo(MfaDevice.Source.DISCOVERED);

        assertThatThrownBy(() -> broker("bob").device(MfaDevice.discoveredAtRunTime()))
                .isInstanceOfSatisfying(GuardException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(ExitCode.AUTH_FAILED);
                    assertThat(e.getMessage()).startsWith("your IAM user has no MFA device");
                });
    }
}
