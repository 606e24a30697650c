package dev.guard.sandbox.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.guard.json.JsonReader;
import dev.guard.sandbox.SandboxFixture;
import dev.guard.sandbox.seed.SeedLoader;
import dev.guard.sandbox.seed.SeedWorld;
import dev.guard.sandbox.server.JournalClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;

/**
 * The journal as the witness of every decision, read as {@code guard sandbox journal} reads it
 * (JournalClient, from the running sandbox): for an allow, an explicit deny by a bucket policy's
 * statement, an implicit deny whose closest statement failed on its MFA condition, a session
 * policy's denial, a trust policy's refusal, an authentication failure and a NoSuchKey, each line
 * names the principal, the action, the resource, the decision, the deciding statement or closest
 * miss with the failed condition, and the kind of policy that decided.
 */
class JournalWitnessIT {
    private static final String DEV_ROLE = "arn:aws:iam::222222222222:role/PrivilegedActionsRole";
    private static final String TRUST = "PrivilegedActionsRole-trust#IdentityAccountWithMfa";
    private static final String SOFIAS = "i-0a11111111111111a";
    private static final Map<String, Object> MFA_ABSENT = Map.of(
            "operator", "Bool", "key", "aws:MultiFactorAuthPresent", "expected", List.of("true"), "actual", List.of());

    private final SandboxFixture f;

    JournalWitnessIT() throws Exception {
        f = new SandboxFixture();
    }

    @AfterEach
    void stop() {
        f.close();
    }

    /** The journal's last line, as {@code guard sandbox journal} prints it, parsed. */
    private Map<?, ?> lastLine() throws Exception {
        List<String> lines = JournalClient.read(f.sandbox.port());
        return (Map<?, ?>) JsonReader.parse(lines.get(lines.size() - 1));
    }

    @Test
    void anAllowByATrustPolicyNamesTheAllowingStatement() throws Exception {
        AssumeRoleResponse assumed = f.sts(f.keys("alice"))
                .assumeRole(r -> r.roleArn(DEV_ROLE)
                        .roleSessionName("witness")
                        .serialNumber(f.serial("alice"))
                        .tokenCode(f.nextCode("alice")));
        assertThat(assumed.assumedRoleUser().arn()).endsWith("/witness");
        Map<?, ?> line = lastLine();
        assertThat(line.get("principal")).isEqualTo("arn:aws:iam::111111111111:user/alice");
        assertThat(line.get("action")).isEqualTo("sts:AssumeRole");
        assertThat(line.get("operation")).isEqualTo("AssumeRole");
        assertThat(line.get("resource")).isEqualTo(DEV_ROLE);
        assertThat(line.get("decision")).isEqualTo("allowed");
        assertThat(line.get("statement")).isEqualTo(TRUST);
        assertThat(line.get("policyDecision")).isEqualTo("allow");
        assertThat(line.get("policyKind")).isEqualTo("trust");
        assertThat(line.get("closestMiss")).isNull();
        assertThat(line.get("failedCondition")).isNull();
    }

    @Test
    void anExplicitDenyByABucketPolicyNamesItsSid() throws Exception {
        var s3 = f.s3(f.keys("alice"));
        AwsServiceException e = catchThrowableOfType(
                AwsServiceException.class,
                () -> s3.putObject(
                        r -> r.bucket("guard-approvals").key("approvals/alice/plan.json"),
                        RequestBody.fromString("x")));
        assertThat(e.statusCode()).isEqualTo(403);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
        Map<?, ?> line = lastLine();
        assertThat(line.get("action")).isEqualTo("s3:PutObject");
        assertThat(line.get("resource")).isEqualTo("arn:aws:s3:::guard-approvals/approvals/alice/plan.json");
        assertThat(line.get("decision")).isEqualTo("AccessDenied");
        assertThat(line.get("statement")).isEqualTo("guard-approvals-policy#DenyApprovalWritesWithoutMfa");
        assertThat(line.get("policyDecision")).isEqualTo("explicit-deny");
        assertThat(line.get("policyKind")).isEqualTo("resource");
        assertThat(line.get("mutated")).isEqualTo(false);
    }

    @Test
    void anImplicitDenyNamesTheClosestStatementAndTheMfaConditionItFailed() throws Exception {
        var ec2 = f.ec2(f.keys("sofia"));
        AwsServiceException e =
                catchThrowableOfType(AwsServiceException.class, () -> ec2.stopInstances(r -> r.instanceIds(SOFIAS)));
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnauthorizedOperation");
        Map<?, ?> line = lastLine();
        assertThat(line.get("principal")).isEqualTo("arn:aws:iam::111111111111:user/sofia");
        assertThat(line.get("action")).isEqualTo("ec2:StopInstances");
        assertThat(line.get("resource")).isEqualTo("arn:aws:ec2:us-east-1:111111111111:instance/" + SOFIAS);
        assertThat(line.get("decision")).isEqualTo("UnauthorizedOperation");
        assertThat(line.get("statement")).isNull();
        assertThat(line.get("policyDecision")).isEqualTo("implicit-deny");
        assertThat(line.get("policyKind")).isEqualTo("identity");
        assertThat(line.get("closestMiss")).isEqualTo("EC2AdminsStopAndTerminateWithMfa#StopAndTerminateOnlyWithMfa");
        assertThat(line.get("failedCondition")).isEqualTo(MFA_ABSENT);
    }

    @Test
    void aSessionPolicysDenialSaysASessionPolicyDecided() throws Exception {
        String readOnly = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"OnlyDescribe\",\"Effect\":\"Allow\","
                + "\"Action\":\"ec2:Describe*\",\"Resource\":\"*\"}]}";
        AssumeRoleResponse assumed = f.sts(f.keys("alice"))
                .assumeRole(r -> r.roleArn(DEV_ROLE)
                        .roleSessionName("reader")
                        .policy(readOnly)
                        .serialNumber(f.serial("alice"))
                        .tokenCode(f.nextCode("alice")));
        var ec2 = f.ec2(SandboxFixture.session(assumed.credentials()));
        String instance =
                ec2.describeInstances().reservations().get(0).instances().get(0).instanceId();
        AwsServiceException e = catchThrowableOfType(
                AwsServiceException.class, () -> ec2.terminateInstances(r -> r.instanceIds(instance)));
        assertThat(e.awsErrorDetails().errorMessage())
                .contains("because no session policy allows the ec2:TerminateInstances action. Encoded authorization"
                        + " failure message: ");
        Map<?, ?> line = lastLine();
        assertThat(line.get("principal"))
                .isEqualTo("arn:aws:sts::222222222222:assumed-role/PrivilegedActionsRole/reader");
        assertThat(line.get("action")).isEqualTo("ec2:TerminateInstances");
        assertThat(line.get("resource")).isEqualTo("arn:aws:ec2:us-east-1:222222222222:instance/" + instance);
        assertThat(line.get("policyDecision")).isEqualTo("implicit-deny");
        assertThat(line.get("policyKind")).isEqualTo("session");
        assertThat(line.get("mutated")).isEqualTo(false);
    }

    @Test
    void aTrustPolicyRefusalNamesTheRoleAndTheMissingMfa() throws Exception {
        AwsServiceException e = catchThrowableOfType(
                AwsServiceException.class,
                () -> f.sts(f.keys("alice")).assumeRole(r -> r.roleArn(DEV_ROLE).roleSessionName("no-mfa")));
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
        assertTrustRefusal(lastLine());
    }

    @Test
    void aTrustPolicyRefusalThroughTheAwsCliV2IsJournalledAlike() throws Exception {
        AwsCliV2.assumeInstalled();
        AwsCliV2.Run run = new AwsCliV2(f.endpoint())
                .run(f.keys("alice"), "sts", "assume-role", "--role-arn", DEV_ROLE, "--role-session-name", "no-mfa");
        assertThat(run.err()).contains("An error occurred (AccessDenied) when calling the AssumeRole operation");
        assertTrustRefusal(lastLine());
    }

    @Test
    void aRefusedMfaCodeSaysWhichCheckFailedNeverTheCode() throws Exception {
        String code = f.nextCode("alice").equals("123456") ? "654321" : "123456";
        AwsServiceException e = catchThrowableOfType(
                AwsServiceException.class,
                () -> f.sts(f.keys("alice"))
                        .assumeRole(r -> r.roleArn(DEV_ROLE)
                                .roleSessionName("wrong-code")
                                .serialNumber(f.serial("alice"))
                                .tokenCode(code)));
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
        Map<?, ?> line = lastLine();
        assertThat(line.get("action")).isEqualTo("sts:AssumeRole");
        assertThat(line.get("resource")).isEqualTo(DEV_ROLE);
        assertThat(line.get("reason"))
                .isEqualTo("MFA code for arn:aws:iam::111111111111:mfa/alice refused: WRONG_CODE");
        assertThat(String.valueOf(line)).doesNotContain(code);
    }

    private static void assertTrustRefusal(Map<?, ?> line) {
        assertThat(line.get("principal")).isEqualTo("arn:aws:iam::111111111111:user/alice");
        assertThat(line.get("action")).isEqualTo("sts:AssumeRole");
        assertThat(line.get("resource")).isEqualTo(DEV_ROLE);
        assertThat(line.get("decision")).isEqualTo("AccessDenied");
        assertThat(line.get("statement")).isNull();
        assertThat(line.get("policyDecision")).isEqualTo("implicit-deny");
        assertThat(line.get("policyKind")).isEqualTo("trust");
        assertThat(line.get("closestMiss")).isEqualTo(TRUST);
        assertThat(line.get("failedCondition")).isEqualTo(MFA_ABSENT);
    }

    /**
     * The operation is told from what was read: DynamoDB names it in a header. (A query-protocol
     * body is not read once the headers have failed, so an EC2 or STS call refused that early is "?".)
     */
    @Test
    void anAuthenticationFailureIsAnonymousButNamesTheOperation() throws Exception {
        var wrongSecret = AwsBasicCredentials.create(f.user("alice").accessKeyId(), "not-alices-secret");
        AwsServiceException e = catchThrowableOfType(
                AwsServiceException.class, () -> f.dynamodb(wrongSecret).listTables());
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
        Map<?, ?> line = lastLine();
        assertThat(line.get("principal")).isEqualTo("anonymous");
        assertThat(line.get("action")).isEqualTo("dynamodb:ListTables");
        assertThat(line.get("operation")).isEqualTo("ListTables");
        assertThat(line.get("decision")).isEqualTo("InvalidSignatureException");
        assertThat(line.get("policyKind")).isNull();
        assertThat(line.get("reason")).isEqualTo("not authenticated (signature_mismatch): no policy was evaluated");
        assertThat(line.get("mutated")).isEqualTo(false);
        assertThat(String.valueOf(line)).doesNotContain("not-alices-secret");
    }

    @Test
    void aQueryFormWithAnUnknownKeyIsJournalledAsTheActionItAskedFor() throws Exception {
        var unknown = AwsBasicCredentials.create("AKIAUNKNOWNKEY000001", "whatever-secret-whatever-secret-whatever");
        AwsServiceException e = catchThrowableOfType(
                AwsServiceException.class, () -> f.sts(unknown).getCallerIdentity());
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidClientTokenId");
        Map<?, ?> line = lastLine();
        assertThat(line.get("principal")).isEqualTo("anonymous");
        assertThat(line.get("action")).isEqualTo("sts:GetCallerIdentity");
        assertThat(line.get("reason")).isEqualTo("not authenticated (unknown_access_key): no policy was evaluated");
        assertThat(String.valueOf(line)).doesNotContain("whatever-secret");
    }

    @Test
    void aNoSuchKeyIsStillTheGetObjectPoliciesAllowed() throws Exception {
        var s3 = f.s3(f.keys("alice"));
        AwsServiceException e = catchThrowableOfType(
                AwsServiceException.class,
                () -> s3.headObject(r -> r.bucket("guard-approvals").key("approvals/nothing-here")));
        assertThat(e.statusCode()).isEqualTo(404);
        Map<?, ?> line = lastLine();
        assertThat(line.get("action")).isEqualTo("s3:GetObject");
        assertThat(line.get("operation")).isEqualTo("HeadObject");
        assertThat(line.get("resource")).isEqualTo("arn:aws:s3:::guard-approvals/approvals/nothing-here");
        assertThat(line.get("decision")).isEqualTo("NoSuchKey");
        // S3's own request-id header: the SDK's RequestId is the journal's.
        assertThat(e.requestId()).isEqualTo(line.get("requestId"));
        assertThat(line.get("status")).isEqualTo(404L);
        assertThat(line.get("statement")).isEqualTo("OperatorsAssumePrivilegedRoles#ReadApprovals");
        assertThat(line.get("policyDecision")).isEqualTo("allow");
        assertThat(line.get("policyKind")).isEqualTo("identity");
    }

    /** A world where an IAM user's policy allows every S3 action, on a bucket whose root turns on MFA Delete. */
    private static final String MFA_DELETE_WORLD = """
            apiVersion: guard/v1
            kind: SandboxSeed
            accounts:
              - name: identity
                id: "111111111111"
                root:
                  accessKeyId: AKIASANDBOXROOT11111
                  secretAccessKey: SandboxOnlyRoot1FakeSecretKeyDoNotUse/11
                  mfaDevice:
                    serial: arn:aws:iam::111111111111:mfa/root-account-mfa-device
                    secret: OJXW65BNGEYTCMJRGEYTCMJRGEYS23LG
                users:
                  - name: ops
                    accessKeyId: AKIASANDBOXOPSJRN001
                    secretAccessKey: SandboxOnlyOpsJrnFakeSecretKeyDoNotUse/0
                    policies:
                      - name: S3Everything
                        document:
                          Version: "2012-10-17"
                          Statement:
                            - Sid: AllS3
                              Effect: Allow
                              Action: s3:*
                              Resource: "*"
            """;

    /** The last line of {@code fixture}'s journal, as {@code guard sandbox journal} prints it, parsed. */
    private static Map<?, ?> lastLine(SandboxFixture fixture) throws Exception {
        List<String> lines = JournalClient.read(fixture.sandbox.port());
        return (Map<?, ?>) JsonReader.parse(lines.get(lines.size() - 1));
    }

    @Test
    void anMfaDeleteRefusalAfterAnAllowNamesNoStatementButWhatRefused() throws Exception {
        SeedWorld world = SeedLoader.parse(MFA_DELETE_WORLD.getBytes(StandardCharsets.UTF_8), Path.of("seed.yaml"))
                .orElseThrow();
        try (SandboxFixture g = new SandboxFixture(world)) {
            var root = g.s3(g.rootKeys("111111111111"));
            root.createBucket(r -> r.bucket("witness-mfa-delete"));
            root.putBucketVersioning(r -> r.bucket("witness-mfa-delete")
                    .mfa(g.rootMfa("111111111111"))
                    .versioningConfiguration(v -> v.status("Enabled").mfaDelete("Enabled")));
            String version = root.putObject(r -> r.bucket("witness-mfa-delete").key("k"), RequestBody.fromString("v1"))
                    .versionId();
            AwsServiceException e = catchThrowableOfType(
                    AwsServiceException.class,
                    () -> g.s3(g.keys("ops"))
                            .deleteObject(
                                    r -> r.bucket("witness-mfa-delete").key("k").versionId(version)));
            assertThat(e.statusCode()).isEqualTo(403);
            assertThat(e.awsErrorDetails().errorMessage())
                    .isEqualTo("Mfa Authentication must be used for this request");
            Map<?, ?> line = lastLine(g);
            assertThat(line.get("principal")).isEqualTo("arn:aws:iam::111111111111:user/ops");
            assertThat(line.get("action")).isEqualTo("s3:DeleteObjectVersion");
            assertThat(line.get("decision")).isEqualTo("AccessDenied");
            // The policy allowed; MFA Delete refused: no statement refused it, the reason says what did.
            assertThat(line.get("statement")).isNull();
            assertThat(line.get("reason")).isEqualTo("MFA Delete: no x-amz-mfa header");
            assertThat(line.get("policyDecision")).isEqualTo("allow");
            assertThat(line.get("mutated")).isEqualTo(false);
            assertThat(root.listObjectVersions(r -> r.bucket("witness-mfa-delete"))
                            .versions())
                    .hasSize(1);
        }
    }

    @Test
    void anAssumeRoleOfAMissingRoleSaysTheRoleDoesNotExist() throws Exception {
        String missing = "arn:aws:iam::222222222222:role/NoSuchRole";
        AwsServiceException e = catchThrowableOfType(
                AwsServiceException.class,
                () -> f.sts(f.keys("alice"))
                        .assumeRole(r -> r.roleArn(missing)
                                .roleSessionName("missing")
                                .serialNumber(f.serial("alice"))
                                .tokenCode(f.nextCode("alice"))));
        // The caller sees the denial AWS gives any role it may not assume; the journal says why.
        assertThat(e.awsErrorDetails().errorMessage())
                .isEqualTo("User: arn:aws:iam::111111111111:user/alice is not authorized to perform: sts:AssumeRole"
                        + " on resource: " + missing);
        Map<?, ?> line = lastLine();
        assertThat(line.get("action")).isEqualTo("sts:AssumeRole");
        assertThat(line.get("resource")).isEqualTo(missing);
        assertThat(line.get("decision")).isEqualTo("AccessDenied");
        assertThat(line.get("statement")).isNull();
        assertThat(line.get("reason")).isEqualTo("role does not exist");
    }
}
