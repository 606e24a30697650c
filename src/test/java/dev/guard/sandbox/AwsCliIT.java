package dev.guard.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.guard.sandbox.conformance.AwsCliV2;
import dev.guard.sandbox.conformance.AwsCliV2.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The same scenarios through the AWS CLI v2 (Debian's awscli at /usr/bin/aws; .ci/run installs
 * it): a second, independent client proves the sandbox speaks AWS, not just what guard's SDK
 * expects. Skipped where the CLI is absent.
 */
class AwsCliIT {
    private static final String DEV_ROLE = "arn:aws:iam::222222222222:role/PrivilegedActionsRole";

    private final SandboxFixture f;

    AwsCliIT() throws Exception {
        f = new SandboxFixture();
    }

    @BeforeAll
    static void cliPresent() {
        AwsCliV2.assumeInstalled();
    }

    @AfterEach
    void stop() {
        f.close();
    }

    private Run aws(Map<String, String> credentials, String... args) throws IOException, InterruptedException {
        return new AwsCliV2(f.endpoint()).run(credentials, args);
    }

    /** The environment of a CLI using a session's temporary credentials. */
    private static Map<String, String> sessionEnv(String accessKeyId, String secretAccessKey, String sessionToken) {
        return AwsCliV2.credentials(accessKeyId, secretAccessKey, sessionToken);
    }

    /** {@code aws sts assume-role} of the development role as alice with a fresh MFA code, then {@code more}. */
    private Run assumeDevRoleWithCode(String sessionName, String... more) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of(
                "sts",
                "assume-role",
                "--role-arn",
                DEV_ROLE,
                "--role-session-name",
                sessionName,
                "--serial-number",
                f.serial("alice"),
                "--token-code",
                f.nextCode("alice")));
        args.addAll(List.of(more));
        return aws(keys("alice"), args.toArray(String[]::new));
    }

    private Map<String, String> keys(String user) {
        var u = f.user(user);
        return AwsCliV2.credentials(u.accessKeyId(), u.secretAccessKey(), null);
    }

    @Test
    void getCallerIdentityAnswersInAwsShape() throws Exception {
        Run r = aws(keys("alice"), "sts", "get-caller-identity");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("\"Arn\": \"arn:aws:iam::111111111111:user/alice\"", "\"Account\": \"111111111111\"");
    }

    @Test
    void aWrongSecretIsSignatureDoesNotMatch() throws Exception {
        Map<String, String> wrong = keys("alice");
        wrong.put("AWS_SECRET_ACCESS_KEY", "x".repeat(40));
        Run r = aws(wrong, "sts", "get-caller-identity");
        assertThat(r.exit()).isNotZero();
        assertThat(r.err()).contains("(SignatureDoesNotMatch)");
    }

    @Test
    void theMfaRoleNeedsAValidUnusedCode() throws Exception {
        Run noMfa = aws(keys("alice"), "sts", "assume-role", "--role-arn", DEV_ROLE, "--role-session-name", "cli");
        assertThat(noMfa.err()).contains("(AccessDenied)");

        String code = f.nextCode("alice");
        String[] withCode = {
            "sts",
            "assume-role",
            "--role-arn",
            DEV_ROLE,
            "--role-session-name",
            "cli",
            "--serial-number",
            f.serial("alice"),
            "--token-code",
            code
        };
        Run ok = aws(keys("alice"), withCode);
        assertThat(ok.exit()).as(ok.err()).isZero();
        assertThat(ok.out()).contains("assumed-role/PrivilegedActionsRole/cli", "\"SessionToken\"");

        Run reused = aws(keys("alice"), withCode);
        assertThat(reused.err()).contains("(AccessDenied)", "MultiFactorAuthentication failed");
    }

    @Test
    void aSessionTokenWithMfaAssumesTheRoleWithoutANewCode() throws Exception {
        Run session = aws(
                keys("alice"),
                "sts",
                "get-session-token",
                "--serial-number",
                f.serial("alice"),
                "--token-code",
                f.nextCode("alice"),
                "--query",
                "Credentials.[AccessKeyId,SecretAccessKey,SessionToken]",
                "--output",
                "text");
        assertThat(session.exit()).as(session.err()).isZero();
        String[] parts = session.out().strip().split("\\s+");
        Map<String, String> creds = sessionEnv(parts[0], parts[1], parts[2]);
        Run role = aws(creds, "sts", "assume-role", "--role-arn", DEV_ROLE, "--role-session-name", "chained");
        assertThat(role.exit()).as(role.err()).isZero();
        assertThat(role.out()).contains("assumed-role/PrivilegedActionsRole/chained");
    }

    @Test
    void assumeRoleWithASessionPolicyMakesAReadOnlySession() throws Exception {
        Path policy = Files.createTempFile("session-policy", ".json");
        Files.writeString(policy, SessionPolicyIT.READ_ONLY);
        Run assumed = assumeDevRoleWithCode(
                "cli-read-only",
                "--policy",
                "file://" + policy,
                "--query",
                "[Credentials.AccessKeyId,Credentials.SecretAccessKey,Credentials.SessionToken,PackedPolicySize]",
                "--output",
                "text");
        assertThat(assumed.exit()).as(assumed.err()).isZero();
        String[] parts = assumed.out().strip().split("\\s+");
        assertThat(Integer.parseInt(parts[3])).isBetween(1, 100);
        Map<String, String> creds = sessionEnv(parts[0], parts[1], parts[2]);

        Run describe = aws(creds, "ec2", "describe-instances", "--instance-ids", "i-0a22222222222222a");
        assertThat(describe.exit()).as(describe.err()).isZero();
        Run terminate = aws(creds, "ec2", "terminate-instances", "--instance-ids", "i-0a22222222222222a");
        assertThat(terminate.exit()).isNotZero();
        assertThat(terminate.err()).contains("(UnauthorizedOperation)", "with an explicit deny in a session policy");
        assertThat(f.sandbox.journal().anyMutation()).isFalse();
    }

    @Test
    void assumeRoleRefusesAMalformedSessionPolicy() throws Exception {
        f.nextTotpStep();
        Run r = assumeDevRoleWithCode("cli-bad", "--policy", "{\"Statement\": \"everything\"}");
        assertThat(r.exit()).isNotZero();
        assertThat(r.err()).contains("(MalformedPolicyDocument)");
    }

    @Test
    void runInstancesLaunchesTaggedInstancesThatDescribeFindsByTag() throws Exception {
        var role = (software.amazon.awssdk.auth.credentials.AwsSessionCredentials) f.privilegedRole("222222222222");
        Map<String, String> creds = sessionEnv(role.accessKeyId(), role.secretAccessKey(), role.sessionToken());
        Run run = aws(
                creds,
                "ec2",
                "run-instances",
                "--image-id",
                "ami-0123456789abcdef0",
                "--count",
                "2",
                "--instance-type",
                "t3.micro",
                "--tag-specifications",
                "ResourceType=instance,Tags=[{Key=env,Value=cli}]");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("\"OwnerId\": \"222222222222\"", "\"Name\": \"pending\"");

        Run dry = aws(creds, "ec2", "run-instances", "--image-id", "ami-0123456789abcdef0", "--dry-run");
        assertThat(dry.err()).contains("(DryRunOperation)");

        Run found = aws(
                creds,
                "ec2",
                "describe-instances",
                "--filters",
                "Name=tag:env,Values=cli",
                "--query",
                "Reservations[].Instances[].[InstanceId,State.Name]",
                "--output",
                "text");
        assertThat(found.exit()).as(found.err()).isZero();
        assertThat(found.out().strip().lines())
                .containsExactly("i-0b000000000000001\trunning", "i-0b000000000000002\trunning");
    }

    @Test
    void startInstancesAnswersInAwsShapeAndRefusesATerminatedInstance() throws Exception {
        var role = (software.amazon.awssdk.auth.credentials.AwsSessionCredentials) f.privilegedRole("222222222222");
        Map<String, String> creds = sessionEnv(role.accessKeyId(), role.secretAccessKey(), role.sessionToken());
        Run dry = aws(creds, "ec2", "start-instances", "--instance-ids", "i-0a22222222222222c", "--dry-run");
        assertThat(dry.err()).contains("(DryRunOperation)");

        Run start = aws(
                creds,
                "ec2",
                "start-instances",
                "--instance-ids",
                "i-0a22222222222222c",
                "--query",
                "StartingInstances[].[InstanceId,PreviousState.Name,CurrentState.Name,CurrentState.Code]",
                "--output",
                "text");
        assertThat(start.exit()).as(start.err()).isZero();
        assertThat(start.out().strip()).isEqualTo("i-0a22222222222222c\tstopped\tpending\t0");

        Run terminate = aws(creds, "ec2", "terminate-instances", "--instance-ids", "i-0a22222222222222a");
        assertThat(terminate.exit()).as(terminate.err()).isZero();
        Run refused = aws(creds, "ec2", "start-instances", "--instance-ids", "i-0a22222222222222a");
        assertThat(refused.exit()).isNotZero();
        assertThat(refused.err())
                .contains("(IncorrectInstanceState)")
                .contains("is not in a state from which it can be started");
    }

    @Test
    void createAndDeleteTagsRoundTripThroughTheCli() throws Exception {
        var role = (software.amazon.awssdk.auth.credentials.AwsSessionCredentials) f.privilegedRole("222222222222");
        Map<String, String> creds = sessionEnv(role.accessKeyId(), role.secretAccessKey(), role.sessionToken());
        String web = "i-0a22222222222222a";
        Run created = aws(
                creds,
                "ec2",
                "create-tags",
                "--resources",
                web,
                "--tags",
                "Key=team,Value=platform",
                "Key=owner,Value=");
        assertThat(created.exit()).as(created.err()).isZero();
        assertThat(created.out()).isEmpty();
        Run deleted = aws(creds, "ec2", "delete-tags", "--resources", web, "--tags", "Key=env,Value=prod", "Key=Name");
        assertThat(deleted.exit()).as(deleted.err()).isZero();

        Run tags = aws(
                creds,
                "ec2",
                "describe-tags",
                "--filters",
                "Name=resource-id,Values=" + web,
                "--query",
                "Tags[].[Key,Value]",
                "--output",
                "text");
        assertThat(tags.exit()).as(tags.err()).isZero();
        // env=dev survives a delete that names env=prod; Name goes whatever its value.
        assertThat(tags.out().lines()).containsExactly("env\tdev", "team\tplatform", "owner\t");
        Run described = aws(
                creds,
                "ec2",
                "describe-instances",
                "--instance-ids",
                web,
                "--query",
                "Reservations[].Instances[].Tags[?Key==`team`].Value",
                "--output",
                "text");
        assertThat(described.out().strip()).isEqualTo("platform");

        Run missing = aws(creds, "ec2", "create-tags", "--resources", "i-0123456789abcdef0", "--tags", "Key=a,Value=b");
        assertThat(missing.exit()).isNotZero();
        assertThat(missing.err()).contains("(InvalidInstanceID.NotFound)");
        Run reserved = aws(creds, "ec2", "create-tags", "--resources", web, "--tags", "Key=aws:owner,Value=me");
        assertThat(reserved.err()).contains("(InvalidParameterValue)");
        Run refused = aws(
                keys("sofia"), "ec2", "create-tags", "--resources", "i-0a11111111111111a", "--tags", "Key=a,Value=b");
        assertThat(refused.err()).contains("(UnauthorizedOperation)");
    }

    @Test
    void dynamodbItemsRoundTripWithConditionsThroughTheCli() throws Exception {
        String key = "{\"LockID\": {\"S\": \"cli/lock\"}}";
        String item = "{\"LockID\": {\"S\": \"cli/lock\"}, \"holder\": {\"S\": \"alice\"}," + " \"ttl\": {\"N\": \""
                + (f.clock.instant().getEpochSecond() + 300) + "\"}}";
        String[] take = {
            "dynamodb",
            "put-item",
            "--table-name",
            "guard-locks",
            "--item",
            item,
            "--condition-expression",
            "attribute_not_exists(LockID)"
        };
        Run put = aws(keys("alice"), take);
        assertThat(put.exit()).as(put.err()).isZero();

        Run again = aws(keys("carol"), take);
        assertThat(again.exit()).isNotZero();
        assertThat(again.err()).contains("(ConditionalCheckFailedException)", "The conditional request failed");

        Run get = aws(
                keys("scheduler"),
                "dynamodb",
                "get-item",
                "--table-name",
                "guard-locks",
                "--key",
                key,
                "--consistent-read");
        assertThat(get.exit()).as(get.err()).isZero();
        assertThat(get.out()).contains("\"holder\": {", "\"S\": \"alice\"");

        Run update = aws(
                keys("alice"),
                "dynamodb",
                "update-item",
                "--table-name",
                "guard-locks",
                "--key",
                key,
                "--update-expression",
                "SET #ttl = #ttl + :more",
                "--condition-expression",
                "holder = :me",
                "--expression-attribute-names",
                "{\"#ttl\": \"ttl\"}",
                "--expression-attribute-values",
                "{\":more\": {\"N\": \"60\"}, \":me\": {\"S\": \"alice\"}}",
                "--return-values",
                "UPDATED_NEW");
        assertThat(update.exit()).as(update.err()).isZero();
        assertThat(update.out()).contains("\"Attributes\"", "\"ttl\"").doesNotContain("holder");

        Run delete = aws(keys("alice"), "dynamodb", "delete-item", "--table-name", "guard-locks", "--key", key);
        assertThat(delete.exit()).as(delete.err()).isZero();
        assertThat(f.dynamodb(f.keys("scheduler"))
                        .getItem(g -> g.tableName("guard-locks")
                                .key(java.util.Map.of(
                                        "LockID",
                                        software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(
                                                "cli/lock"))))
                        .hasItem())
                .isFalse();
    }
}
