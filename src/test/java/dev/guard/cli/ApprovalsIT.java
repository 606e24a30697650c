package dev.guard.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.guard.approval.ApprovalBucket;
import dev.guard.approval.Approvals;
import dev.guard.approval.TestPlans;
import dev.guard.aws.AwsClients;
import dev.guard.aws.Calls;
import dev.guard.error.ExitCode;
import dev.guard.error.GuardException;
import dev.guard.runbook.ApprovalPolicy;
import dev.guard.sandbox.SandboxFixture;
import dev.guard.sandbox.server.Journal;
import dev.guard.saved.SavedPlan;
import dev.guard.term.ScriptedTerminal;
import dev.guard.term.Terminal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Approvals against a held sandbox whose seed has the approvals bucket with the template policy
 * (DESIGN.md §7.2): what guard approve writes is read back through the SDK as the runner
 * (scheduler) would, and the bucket policy itself is exercised with the SDK — long-term keys,
 * another user's prefix, a stale MFA code are each refused by IAM, not by guard.
 */
class ApprovalsIT {
    private static final String BUCKET = "guard-approvals";
    private static final ApprovalPolicy TWO = new ApprovalPolicy(2, List.of(), false);

    @TempDir
    Path dir;

    private HeldSandbox held;
    private SandboxFixture f;
    private SavedPlan plan;
    private Path planFile;

    @BeforeEach
    void start() throws Exception {
        held = new HeldSandbox(dir);
        f = held.fixture();
        // alice made it (her ARN as caller), it needs two approvers and she may not be one.
        plan = TestPlans.plan(TestPlans.ALICE, Instant.now().plus(Duration.ofHours(24)), Optional.of(TWO));
        planFile = dir.resolve("plan.json");
        plan.write(planFile);
    }

    @AfterEach
    void stop() {
        held.close();
    }

    @Test
    void carolApprovesWithAFreshMfaCodeAndTheRunnerCanReadIt() throws Exception {
        var terminal = ScriptedTerminal.strict(true, "production");

        CliRunner.Result r = approve("carol", terminal);

        assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCode.OK);
        assertThat(terminal.prompts).anySatisfy(p -> assertThat(p).contains("Type 'production'"));
        assertThat(r.out()).contains("i-0123456789abcdef0").contains("1 of 2 required approvals (carol)");
        // The object is where only carol could write it, read back as the unattended runner.
        String body = new String(
                f.s3(f.keys("scheduler"))
                        .getObjectAsBytes(b -> b.bucket(BUCKET).key(key("carol")))
                        .asByteArray(),
                StandardCharsets.UTF_8);
        assertThat(body)
                .contains("\"format\" : \"guard-approval/1\"")
                .contains(plan.digest())
                .contains("arn:aws:iam::111111111111:user/carol");
        // Written with a GetSessionToken(MFA) session made for it: the journal shows both, allowed.
        assertThat(calls("carol")).containsSubsequence("sts:GetSessionToken", "s3:PutObject");
        assertThat(Files.readString(dir.resolve("audit.jsonl")))
                .contains("\"event\":\"approval.write\"")
                .contains("\"result\":\"written\"")
                .doesNotContain(f.user("carol").secretAccessKey());
    }

    @Test
    void approveForgivesAMistypedConfirmationAndAWrongCodeOnATerminal() throws Exception {
        String right = f.nextCode("carol");
        String wrong = String.format("%06d", (Integer.parseInt(right) + 500_000) % 1_000_000);
        var terminal = new ScriptedTerminal(true, "Production", "production", wrong, right);

        CliRunner.Result r = guard("carol", terminal, "approve", planFile.toString());

        assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCode.OK);
        assertThat(terminal.printed)
                .anyMatch(l -> l.startsWith("'Production' differs from 'production'"))
                .anyMatch(l -> l.startsWith("AWS refused that MFA code as invalid (GetSessionToken"));
        assertThat(terminal.secretPrompts).hasSize(2);
        // One refused GetSessionToken (the wrong code), the one that succeeded, then the write.
        assertThat(calls("carol")).containsSubsequence("sts:GetSessionToken", "sts:GetSessionToken", "s3:PutObject");
        assertThat(objectExists(key("carol"))).isTrue();
    }

    @Test
    void aWriteTheBucketPolicyDeniesIsExplainedAndAudited() throws Exception {
        // A config whose prefix carol may read but the bucket policy does not let her write under.
        held.editConfig(text -> text.replace("prefix: approvals", "prefix: approvals/team"));

        CliRunner.Result r = guard(
                "carol",
                ScriptedTerminal.strict(true, "production"),
                "approve",
                planFile.toString(),
                "--mfa-code",
                code("carol"));

        assertThat(r.exitCode()).isEqualTo(ExitCode.AUTH_FAILED);
        assertThat(r.err())
                .contains("the approvals bucket refused to write s3://guard-approvals/approvals/team/carol/")
                .contains("(AccessDenied)")
                .contains("guard wrote as carol")
                .contains("check that approvals.prefix in the config is the prefix the bucket policy names");
        assertThat(changes()).isEmpty();
        assertThat(Files.readString(dir.resolve("audit.jsonl"))).contains("\"result\":\"failed: the approvals bucket");
    }

    @Test
    void anExpiredPlanIsRefusedBeforeAnyCall() throws Exception {
        plan = TestPlans.plan(TestPlans.ALICE, Instant.now().minusSeconds(1), Optional.of(TWO));
        plan.write(planFile);

        CliRunner.Result r = approve("carol", ScriptedTerminal.strict(true));

        assertThat(r.exitCode()).isEqualTo(ExitCode.PLAN_REFUSED);
        assertThat(r.err()).contains("expired");
        assertThat(f.sandbox.journal().entries()).isEmpty();
    }

    @Test
    void anApprovalThatDoesNotCountIsReplacedNotKept() throws Exception {
        // A damaged approval of carol's own (written with her MFA, so the bucket allowed it).
        f.s3(mfaSession("carol"))
                .putObject(b -> b.bucket(BUCKET).key(key("carol")), RequestBody.fromString("{\"damaged\": true}"));

        CliRunner.Result r = approve("carol", ScriptedTerminal.strict(true, "production"));

        assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCode.OK);
        assertThat(r.out()).contains("1 of 2 required approvals (carol)");
    }

    @Test
    void aCachedMfaSessionNeverStandsInForTheFreshCode() throws Exception {
        CliRunner.Result login = guard("carol", new ScriptedTerminal(false), "login", "--mfa-code", code("carol"));
        assertThat(login.exitCode()).as(login.err()).isEqualTo(ExitCode.OK);
        // The code is asked on the terminal (masked), after the confirmation, although carol is logged in.
        var terminal = new ScriptedTerminal(true, "production", code("carol"));

        CliRunner.Result r = guard("carol", terminal, "approve", planFile.toString());

        assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCode.OK);
        assertThat(terminal.secretPrompts).hasSize(1);
        assertThat(terminal.prompts.get(0)).startsWith("Type 'production'");
        assertThat(terminal.prompts.get(1)).contains("MFA code for arn:aws:iam::111111111111:mfa/carol");
        assertThat(calls("carol").stream().filter(a -> a.equals("sts:GetSessionToken")))
                .hasSize(2);
        assertThat(objectExists(key("carol"))).isTrue();
    }

    @Test
    void aPlanSavedWithoutItsPolicyIsApprovedAgainstItsUnchangedRunbookOnly() throws Exception {
        Path runbook = dir.resolve("needs-two.yaml");
        Files.writeString(
                runbook,
                Files.readString(Path.of("runbooks/terminate-dev-instance.yaml"))
                        + "approval:\n  required: 2\n  approvers: [carol, dave]\n");
        String sha = java.util.HexFormat.of()
                .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(runbook)));
        plan = TestPlans.plan(
                TestPlans.ALICE, Instant.now().plus(Duration.ofHours(1)), Optional.empty(), runbook.toString(), sha);
        plan.write(planFile);

        CliRunner.Result r = approve("carol", ScriptedTerminal.strict(true, "production"));
        assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCode.OK);
        assertThat(r.out()).contains("needs 2 approvals from carol, dave").contains("1 of 2 required approvals");

        Files.writeString(runbook, Files.readString(runbook).replace("[carol, dave]", "[carol, dave, erin]"));
        CliRunner.Result changed = guard("carol", new ScriptedTerminal(false), "approvals", planFile.toString());
        assertThat(changed.exitCode()).isEqualTo(ExitCode.PLAN_REFUSED);
        assertThat(changed.err()).contains("its runbook is gone or changed");
    }

    @Test
    void thePlannerCannotApproveHerOwnPlanAndIsRefusedBeforeAnyCode() throws Exception {
        CliRunner.Result r = approve("alice", ScriptedTerminal.strict(true));

        assertThat(r.exitCode()).isEqualTo(ExitCode.NOT_APPROVED);
        assertThat(r.err()).contains("you made this plan").contains("self-approval");
        assertThat(calls("alice")).doesNotContain("sts:GetSessionToken", "s3:PutObject");
        assertThat(objectExists(key("alice"))).isFalse();
    }

    @Test
    void approvingWithoutATerminalIsRefused() throws Exception {
        CliRunner.Result r = approve("carol", new ScriptedTerminal(false));

        assertThat(r.exitCode()).isEqualTo(ExitCode.ABORTED);
        assertThat(r.err()).contains("needs a terminal");
        assertThat(changes()).isEmpty();
    }

    @Test
    void aDeclinedConfirmationWritesNothing() throws Exception {
        CliRunner.Result r = approve("carol", ScriptedTerminal.strict(true, "staging"));

        assertThat(r.exitCode()).isEqualTo(ExitCode.ABORTED);
        assertThat(calls("carol")).doesNotContain("sts:GetSessionToken", "s3:PutObject");
        assertThat(objectExists(key("carol"))).isFalse();
    }

    @Test
    void theBucketPolicyDeniesLongTermKeysAnotherUsersPrefixAndAStaleCode() {
        byte[] forged = TestPlans.approval(plan, "carol").bytes();
        // carol's long-term keys: no MFA at all.
        assertDenied(f.keys("carol"), key("carol"), forged, "DenyApprovalWritesWithoutMfa");
        // carol with MFA, but under alice's prefix.
        assertDenied(
                mfaSession("carol"),
                key("alice"),
                TestPlans.approval(plan, "alice").bytes(),
                "DenyApprovalWritesOutsideOwnPrefix");
        // carol with MFA, in her own prefix, but the code is 5 minutes old.
        AwsCredentials session = mfaSession("carol");
        f.clock.advance(Duration.ofSeconds(300));
        assertDenied(session, key("carol"), forged, "DenyApprovalWritesWithStaleMfa");
        // The runner reads approvals; it never writes one.
        assertDenied(f.keys("scheduler"), key("scheduler"), forged, "DenyApprovalWritesWithoutMfa");
        assertThat(objectExists(key("carol"))).isFalse();
        assertThat(objectExists(key("alice"))).isFalse();

        // The control: carol, a fresh code, her own prefix — allowed.
        f.s3(mfaSession("carol")).putObject(b -> b.bucket(BUCKET).key(key("carol")), RequestBody.fromBytes(forged));
        assertThat(objectExists(key("carol"))).isTrue();
    }

    @Test
    void verifyCountsTwoDistinctApproversOnlyWhenTwoUsersApproved() throws Exception {
        // bob made this one, so alice and carol may both approve it.
        plan = TestPlans.plan(
                "arn:aws:iam::111111111111:user/bob", Instant.now().plus(Duration.ofHours(24)), Optional.of(TWO));
        plan.write(planFile);
        assertThat(approve("carol", ScriptedTerminal.strict(true, "production")).exitCode())
                .isEqualTo(ExitCode.OK);

        assertThatThrownBy(this::verifyAsRunner).isInstanceOfSatisfying(GuardException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(ExitCode.NOT_APPROVED);
            assertThat(e.getMessage()).contains("1 of 2 required approvals (carol)");
        });
        // carol again does not make two.
        CliRunner.Result again = approve("carol", ScriptedTerminal.strict(true));
        assertThat(again.out()).contains("already approved");
        assertThatThrownBy(this::verifyAsRunner).isInstanceOf(GuardException.class);

        assertThat(approve("alice", ScriptedTerminal.strict(true, "production")).exitCode())
                .isEqualTo(ExitCode.OK);
        assertThat(verifyAsRunner().approvers()).containsExactly("alice", "carol");
        // As apply's gate asks it, through the runner's connection.
        var runner = new dev.guard.credentials.Connection(
                Optional.of(f.endpoint()),
                StaticCredentialsProvider.create(f.keys("scheduler")),
                "user scheduler",
                Optional.empty(),
                Duration.ofSeconds(1),
                Optional.empty(),
                false,
                Optional.empty(),
                Optional.empty());
        assertThat(Approvals.approvers(
                        SavedPlan.read(planFile),
                        Optional.of(TWO),
                        Optional.of(TestPlans.STORE),
                        runner,
                        new dev.guard.config.Environment(dir, java.util.Map.of(), dir),
                        line -> {},
                        Instant.now()))
                .containsExactly("alice", "carol");

        CliRunner.Result listed = guard("scheduler", new ScriptedTerminal(false), "approvals", planFile.toString());
        assertThat(listed.exitCode()).as(listed.err()).isEqualTo(ExitCode.OK);
        assertThat(listed.out())
                .contains("alice")
                .contains("carol")
                .contains("2 of 2 required approvals (alice, carol): approved");
        CliRunner.Result json =
                guard("scheduler", new ScriptedTerminal(false), "approvals", planFile.toString(), "--output", "json");
        var tree = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.out());
        assertThat(tree.path("approved").asBoolean()).isTrue();
        assertThat(tree.path("validApprovers").toString()).isEqualTo("[\"alice\",\"carol\"]");
        assertThat(tree.path("approvals").size()).isEqualTo(2);
    }

    @Test
    void revokingDeletesOnlyYourOwnApprovalWithAFreshCode() throws Exception {
        assertThat(approve("carol", ScriptedTerminal.strict(true, "production")).exitCode())
                .isEqualTo(ExitCode.OK);
        assertThat(objectExists(key("carol"))).isTrue();

        CliRunner.Result r = guard(
                "carol",
                new ScriptedTerminal(false),
                "approvals",
                planFile.toString(),
                "--revoke",
                "--mfa-code",
                code("carol"));

        assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCode.OK);
        assertThat(objectExists(key("carol"))).isFalse();
        assertThat(calls("carol")).containsSubsequence("sts:GetSessionToken", "s3:DeleteObject");
        // Nothing left to revoke: said so, nothing asked.
        CliRunner.Result none =
                guard("carol", new ScriptedTerminal(false), "approvals", planFile.toString(), "--revoke");
        assertThat(none.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(none.err()).contains("no approval of plan");
    }

    @Test
    void aRoleSessionCannotApprove() throws Exception {
        AwsCredentials role = f.privilegedRole("222222222222");
        CliRunner.Result r = held.guard("alice", role, ScriptedTerminal.strict(true), "approve", planFile.toString());

        assertThat(r.exitCode()).isEqualTo(ExitCode.NOT_APPROVED);
        assertThat(r.err()).contains("not an IAM user").contains("${aws:username}");
    }

    private Approvals.Verified verifyAsRunner() {
        try (AwsClients clients = new AwsClients(Optional.of(f.endpoint()))) {
            return Approvals.verify(
                    SavedPlan.read(planFile),
                    TWO,
                    new ApprovalBucket(clients, Calls.standard(line -> {}), TestPlans.STORE),
                    StaticCredentialsProvider.create(f.keys("scheduler")),
                    Instant.now());
        }
    }

    /**
     * Refused with 403 AccessDenied, changing nothing. S3 says no more than "Access Denied" (nor does
     * the sandbox's journal name the statement): the test's control write, which differs in that one
     * factor and succeeds, is what ties each denial to its rule.
     */
    private void assertDenied(AwsCredentials credentials, String key, byte[] body, String why) {
        assertThatThrownBy(
                        () -> f.s3(credentials).putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromBytes(body)))
                .isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(403);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
                });
        List<Journal.Entry> entries = f.sandbox.journal().entries();
        Journal.Entry last = entries.get(entries.size() - 1);
        assertThat(last.decision()).isEqualTo("AccessDenied");
        assertThat(last.mutated()).isFalse();
    }

    private AwsCredentials mfaSession(String user) {
        var session = f.sts(f.keys(user))
                .getSessionToken(b ->
                        b.serialNumber(f.serial(user)).tokenCode(code(user)).durationSeconds(900));
        return SandboxFixture.session(session.credentials());
    }

    /** The user's current code; the sandbox clock then moves on, so the next code is a new one. */
    private String code(String user) {
        String code = f.nextCode(user);
        f.nextTotpStep();
        return code;
    }

    private String key(String user) {
        return "approvals/" + user + "/" + plan.digest().substring("sha256:".length()) + ".json";
    }

    private boolean objectExists(String key) {
        try {
            f.s3(f.keys("scheduler")).headObject(b -> b.bucket(BUCKET).key(key));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    private CliRunner.Result approve(String user, Terminal terminal) throws Exception {
        return guard(user, terminal, "approve", planFile.toString(), "--mfa-code", code(user));
    }

    private CliRunner.Result guard(String user, Terminal terminal, String... args) throws Exception {
        return held.guard(user, terminal, args);
    }

    /** The actions {@code user} sent, in order (their own requests and their sessions'). */
    private List<String> calls(String user) {
        return f.sandbox.journal().entries().stream()
                .filter(e ->
                        e.principal().contains("user/" + user) || e.principal().endsWith(":" + user))
                .map(Journal.Entry::action)
                .toList();
    }

    private List<String> changes() {
        return f.sandbox.journal().entries().stream()
                .filter(Journal.Entry::mutated)
                .map(e -> e.action() + " " + e.resource())
                .toList();
    }
}
