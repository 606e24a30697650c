package dev.guard.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.guard.sandbox.server.Journal;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.PolicyDescriptorType;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * AssumeRole's session policies through real SDK clients: the session may do only what both its
 * role and its session policies allow, the refusal names the session policy as AWS's does, the
 * world is unchanged, and the journal says which policy decided.
 */
class SessionPolicyIT {
    static final String DEV_ROLE = "arn:aws:iam::222222222222:role/PrivilegedActionsRole";
    static final String STAGING_ROLE = "arn:aws:iam::333333333333:role/PrivilegedActionsRole";
    static final String INSTANCE = "i-0a22222222222222a";

    /** The shape guard exec --read-only sends: allow what the role allows, deny everything but reading. */
    static final String READ_ONLY = """
            {"Version": "2012-10-17", "Statement": [
              {"Sid": "AllowWhatTheRoleAllows", "Effect": "Allow", "Action": "*", "Resource": "*"},
              {"Sid": "DenyAllButReading", "Effect": "Deny", "NotAction": [
                "ec2:Describe*", "ec2:Get*", "s3:Get*", "s3:List*", "dynamodb:Describe*", "dynamodb:Get*",
                "dynamodb:List*", "dynamodb:Query", "dynamodb:Scan", "iam:Get*", "iam:List*",
                "sts:GetCallerIdentity"], "Resource": "*"}]}""";

    static final String ONLY_DESCRIBE = """
            {"Version": "2012-10-17", "Statement": {"Sid": "Describe", "Effect": "Allow",
             "Action": "ec2:Describe*", "Resource": "*"}}""";

    @TempDir
    Path temp;

    private SandboxFixture f;
    private AwsCredentials mfaSession;

    private SandboxFixture sandbox() throws Exception {
        if (f == null) {
            f = new SandboxFixture();
        }
        return f;
    }

    @AfterEach
    void stop() {
        if (f != null) {
            f.close();
        }
    }

    /** alice's GetSessionToken(MFA) credentials: one code, many AssumeRole calls (role chaining). */
    private AwsCredentials mfaSession() throws Exception {
        if (mfaSession == null) {
            var s = sandbox();
            var token = s.sts(s.keys("alice"))
                    .getSessionToken(r -> r.serialNumber(s.serial("alice")).tokenCode(s.nextCode("alice")));
            s.nextTotpStep();
            mfaSession = SandboxFixture.session(token.credentials());
        }
        return mfaSession;
    }

    private AssumeRoleResponse assume(String role, Consumer<AssumeRoleRequest.Builder> policies) throws Exception {
        return sandbox().sts(mfaSession()).assumeRole(r -> {
            r.roleArn(role).roleSessionName("alice-adhoc");
            policies.accept(r);
        });
    }

    private AwsCredentials session(String role, String policy) throws Exception {
        return SandboxFixture.session(assume(role, r -> r.policy(policy)).credentials());
    }

    private InstanceStateName stateOf(String id) throws Exception {
        return SandboxFixture.describe(
                        f.ec2(SandboxFixture.session(assume(DEV_ROLE, r -> {}).credentials())), id)
                .state()
                .name();
    }

    private Journal.Entry last(String action) {
        List<Journal.Entry> entries = f.sandbox.journal().entries().stream()
                .filter(e -> e.service().equals(action.split(":")[0]))
                .toList();
        return entries.get(entries.size() - 1);
    }

    // The SDK marks PackedPolicySize deprecated; STS still answers with it, and it is what is tested.
    @SuppressWarnings("deprecation")
    private static Integer packed(AssumeRoleResponse response) {
        return response.packedPolicySize();
    }

    private static PolicyDescriptorType arn(String arn) {
        return PolicyDescriptorType.builder().arn(arn).build();
    }

    private static String code(AwsServiceException e) {
        return e.awsErrorDetails().errorCode();
    }

    @Test
    void aReadOnlySessionDescribesButCannotTerminateAndTheInstanceKeepsRunning() throws Exception {
        AssumeRoleResponse assumed = assume(DEV_ROLE, r -> r.policy(READ_ONLY));
        assertThat(packed(assumed)).isBetween(1, 100);
        var ec2 = sandbox().ec2(SandboxFixture.session(assumed.credentials()));
        assertThat(ec2.describeInstances(r -> r.instanceIds(INSTANCE)).reservations())
                .hasSize(1);

        Ec2Exception refused =
                catchThrowableOfType(Ec2Exception.class, () -> ec2.terminateInstances(r -> r.instanceIds(INSTANCE)));
        assertThat(code(refused)).isEqualTo("UnauthorizedOperation");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.awsErrorDetails().errorMessage())
                .startsWith("You are not authorized to perform this operation. User: "
                        + "arn:aws:sts::222222222222:assumed-role/PrivilegedActionsRole/alice-adhoc is not authorized"
                        + " to perform: ec2:TerminateInstances on resource: arn:aws:ec2:us-east-1:222222222222:instance/"
                        + INSTANCE)
                .contains(" with an explicit deny in a session policy. Encoded authorization failure message: ");

        Journal.Entry entry = last("ec2:TerminateInstances");
        assertThat(entry.decision()).isEqualTo("UnauthorizedOperation");
        assertThat(entry.mutated()).isFalse();
        assertThat(entry.decidingStatement()).contains("session-policy#DenyAllButReading");
        assertThat(entry.reason().orElseThrow()).startsWith("explicitly denied by session-policy#DenyAllButReading");
        assertThat(f.sandbox.journal().anyMutation()).isFalse();
        assertThat(stateOf(INSTANCE)).isEqualTo(InstanceStateName.RUNNING);
    }

    @Test
    void anActionNoSessionStatementAllowsIsRefusedAsSuch() throws Exception {
        var ec2 = sandbox().ec2(session(DEV_ROLE, ONLY_DESCRIBE));
        Ec2Exception refused =
                catchThrowableOfType(Ec2Exception.class, () -> ec2.stopInstances(r -> r.instanceIds(INSTANCE)));
        assertThat(code(refused)).isEqualTo("UnauthorizedOperation");
        assertThat(refused.awsErrorDetails().errorMessage())
                .contains(
                        "because no session policy allows the ec2:StopInstances action. Encoded authorization failure message: ");
        Journal.Entry entry = last("ec2:StopInstances");
        assertThat(entry.decidingStatement()).isEmpty();
        assertThat(entry.reason().orElseThrow()).startsWith("no statement in the session policies allows");
        assertThat(stateOf(INSTANCE)).isEqualTo(InstanceStateName.RUNNING);
    }

    @Test
    void aSessionPolicyAllowingEverythingGrantsNothingTheRoleDoesNot() throws Exception {
        String everything = """
                {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}""";
        var iam = sandbox().iam(session(DEV_ROLE, everything));
        IamException refused = catchThrowableOfType(IamException.class, () -> iam.listMFADevices());
        assertThat(code(refused)).isEqualTo("AccessDenied");
        assertThat(refused.awsErrorDetails().errorMessage())
                .endsWith("because no identity-based policy allows the iam:ListMFADevices action");
        // What the role does allow still works through the same session.
        assertThat(f.iam(session(DEV_ROLE, everything))
                        .getRole(r -> r.roleName("PrivilegedActionsRole"))
                        .role()
                        .arn())
                .isEqualTo(DEV_ROLE);
    }

    @Test
    void aReadOnlySessionCannotDeleteATableAndTheTableRemains() throws Exception {
        var dynamo = sandbox().dynamodb(session(STAGING_ROLE, READ_ONLY));
        assertThat(dynamo.describeTable(r -> r.tableName("orders-staging"))
                        .table()
                        .tableName())
                .isEqualTo("orders-staging");
        DynamoDbException refused = catchThrowableOfType(
                DynamoDbException.class, () -> dynamo.deleteTable(r -> r.tableName("orders-staging")));
        assertThat(code(refused)).isEqualTo("AccessDeniedException");
        assertThat(refused.awsErrorDetails().errorMessage())
                .isEqualTo("User: arn:aws:sts::333333333333:assumed-role/PrivilegedActionsRole/alice-adhoc is not"
                        + " authorized to perform: dynamodb:DeleteTable on resource:"
                        + " arn:aws:dynamodb:us-east-1:333333333333:table/orders-staging with an explicit deny in a"
                        + " session policy");
        assertThat(dynamo.describeTable(r -> r.tableName("orders-staging"))
                        .table()
                        .tableStatusAsString())
                .isEqualTo("ACTIVE");
    }

    @Test
    void malformedPoliciesAreRefusedBeforeAnythingIsIssued() throws Exception {
        var sts = sandbox().sts(mfaSession());
        for (String bad : List.of(
                "{not json",
                "{\"Version\": \"2012-10-17\", \"Statement\": {\"Effect\": \"Allow\", \"Action\": \"*\"}}",
                "{\"Version\": \"2012-10-17\", \"Statement\": {\"Effect\": \"Permit\", \"Action\": \"*\","
                        + " \"Resource\": \"*\"}}")) {
            StsException refused = catchThrowableOfType(
                    StsException.class,
                    () -> sts.assumeRole(
                            r -> r.roleArn(DEV_ROLE).roleSessionName("bad").policy(bad)));
            assertThat(refused.statusCode()).as(bad).isEqualTo(400);
            assertThat(code(refused)).as(bad).isEqualTo("MalformedPolicyDocument");
        }
        // Journalled as the AssumeRoles they were, each refused, nothing issued.
        assertThat(f.sandbox.journal().entries().stream()
                        .filter(e -> e.action().equals("sts:AssumeRole"))
                        .map(e -> e.decision() + " " + e.mutated())
                        .toList())
                .containsExactly(
                        "MalformedPolicyDocument false",
                        "MalformedPolicyDocument false",
                        "MalformedPolicyDocument false");
    }

    @Test
    void tooLongIsAValidationErrorAndTooLargeOncePackedIsPackedPolicyTooLarge() throws Exception {
        var sts = sandbox().sts(mfaSession());
        StsException tooLong = catchThrowableOfType(
                StsException.class,
                () -> sts.assumeRole(
                        r -> r.roleArn(DEV_ROLE).roleSessionName("long").policy(statements(40, " "))));
        assertThat(code(tooLong)).isEqualTo("ValidationError");
        assertThat(tooLong.awsErrorDetails().errorMessage())
                .contains("at 'policy' failed to satisfy constraint: Member must have length less than or equal to"
                        + " 2048");

        // Within the 2,048-character plaintext limit, but dense: too large once packed.
        String dense = statements(16, "");
        assertThat(dense.length()).isLessThanOrEqualTo(2048);
        StsException tooLarge = catchThrowableOfType(
                StsException.class,
                () -> sts.assumeRole(
                        r -> r.roleArn(DEV_ROLE).roleSessionName("dense").policy(dense)));
        assertThat(tooLarge.statusCode()).isEqualTo(400);
        assertThat(code(tooLarge)).isEqualTo("PackedPolicyTooLarge");
        assertThat(tooLarge.awsErrorDetails().errorMessage())
                .matches("Packed policy consumes 1\\d\\d% of allotted space, please use smaller policy\\.");

        // The same statements with fewer of them fit, and the answer says how close they came.
        assertThat(packed(assume(DEV_ROLE, r -> r.policy(statements(12, ""))))).isBetween(50, 100);
    }

    /** A policy of {@code n} Describe statements, with {@code space} between its tokens. */
    private static String statements(int n, String space) {
        StringBuilder json = new StringBuilder("{\"Version\":" + space + "\"2012-10-17\",\"Statement\":[");
        for (int i = 0; i < n; i++) {
            json.append(i == 0 ? "" : ",")
                    .append("{\"Sid\":" + space + "\"Describe" + i + "\",\"Effect\":" + space
                            + "\"Allow\",\"Action\":" + space + "\"ec2:DescribeInstances\",\"Resource\":" + space
                            + "\"arn:aws:ec2:*:*:instance/i-" + i + "\"}");
        }
        return json.append("]}").toString();
    }

    @Test
    void managedSessionPoliciesComeFromTheRolesAccountOrAws() throws Exception {
        var readOnly = assume(DEV_ROLE, r -> r.policyArns(arn("arn:aws:iam::aws:policy/ReadOnlyAccess")));
        assertThat(packed(readOnly)).isPositive();
        var ec2 = sandbox().ec2(SandboxFixture.session(readOnly.credentials()));
        assertThat(ec2.describeInstances().reservations()).isNotEmpty();
        Ec2Exception refused =
                catchThrowableOfType(Ec2Exception.class, () -> ec2.terminateInstances(r -> r.instanceIds(INSTANCE)));
        assertThat(refused.awsErrorDetails().errorMessage())
                .contains(
                        "because no session policy allows the ec2:TerminateInstances action. Encoded authorization failure message: ");

        // A policy of the role's own account (the seed's PrivilegedActions) limits nothing it grants.
        var own = assume(DEV_ROLE, r -> r.policyArns(arn("arn:aws:iam::222222222222:policy/PrivilegedActions")));
        assertThat(own.credentials().accessKeyId()).startsWith("ASIA");

        for (String unusable : List.of(
                "arn:aws:iam::222222222222:policy/NoSuchPolicy",
                "arn:aws:iam::111111111111:policy/SelfServiceMfaAndRoles",
                "arn:aws:iam::aws:policy/NoSuchAwsPolicy")) {
            StsException e =
                    catchThrowableOfType(StsException.class, () -> assume(DEV_ROLE, r -> r.policyArns(arn(unusable))));
            assertThat(code(e)).as(unusable).isEqualTo("InvalidParameterValue");
            assertThat(e.awsErrorDetails().errorMessage())
                    .isEqualTo("At least one Policy ARN in the PolicyArns parameter does not match an existing IAM"
                            + " Managed Policy ARN.");
        }
    }

    @Test
    void withoutSessionPoliciesTheAnswerHasNoPackedPolicySize() throws Exception {
        assertThat(packed(assume(DEV_ROLE, r -> {}))).isNull();
    }

    @Test
    void getSessionTokenTakesNoSessionPolicyAndAPolicyParameterChangesNothing() throws Exception {
        var s = sandbox();
        String denyAll = "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Deny\",\"Action\":\"*\","
                + "\"Resource\":\"*\"}}";
        // GetSessionToken has no Policy parameter; the SDK cannot send one, so this request is made by hand.
        String body = "Action=GetSessionToken&Version=2011-06-15&SerialNumber="
                + java.net.URLEncoder.encode(s.serial("sofia"), java.nio.charset.StandardCharsets.UTF_8)
                + "&TokenCode=" + s.nextCode("sofia") + "&Policy="
                + java.net.URLEncoder.encode(denyAll, java.nio.charset.StandardCharsets.UTF_8);
        var signed = RawSigned.sign(
                s.endpoint(),
                s.keys("sofia"),
                "sts",
                "POST",
                "/",
                java.util.Map.of("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"),
                body,
                false);
        var answer = RawSigned.send(signed, body, b -> b);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.body()).doesNotContain("PackedPolicySize");
        var credentials = software.amazon.awssdk.auth.credentials.AwsSessionCredentials.create(
                element(answer.body(), "AccessKeyId"),
                element(answer.body(), "SecretAccessKey"),
                element(answer.body(), "SessionToken"));
        assertThat(s.ec2(credentials).describeInstances().reservations()).isNotEmpty();
    }

    private static String element(String xml, String name) {
        int start = xml.indexOf("<" + name + ">") + name.length() + 2;
        return xml.substring(start, xml.indexOf("</" + name + ">", start));
    }

    @Test
    void sessionPoliciesSurviveARestartWithTheirCredentials() throws Exception {
        Path dir = temp.resolve("state");
        AwsCredentials readOnly;
        try (SandboxFixture first = new SandboxFixture(dir)) {
            f = first;
            readOnly = session(DEV_ROLE, READ_ONLY);
            f = null;
        }
        mfaSession = null;
        try (SandboxFixture second = new SandboxFixture(dir)) {
            var ec2 = second.ec2(readOnly);
            assertThat(ec2.describeInstances(r -> r.instanceIds(INSTANCE)).reservations())
                    .hasSize(1);
            Ec2Exception refused = catchThrowableOfType(
                    Ec2Exception.class, () -> ec2.terminateInstances(r -> r.instanceIds(INSTANCE)));
            assertThat(refused.awsErrorDetails().errorMessage())
                    .contains("with an explicit deny in a session policy. Encoded authorization failure message: ");
            assertThat(second.sandbox.journal().anyMutation()).isFalse();
        }
    }
}
