package dev.guard.sandbox.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.guard.json.JsonReader;
import dev.guard.sandbox.SandboxFixture;
import dev.guard.sandbox.persist.StateFile;
import dev.guard.sandbox.seed.SeedLoader;
import dev.guard.sandbox.server.Journal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * STS and IAM as AWS answers them, through the AWS CLI v2 and the Java SDK v2: request validation
 * (its messages, and that it wins over MFA and the trust policy), the external id in the trust
 * policy's context, AWS's two MFA refusals, the SigV4 skew sentences, IAM refusing session
 * credentials obtained without MFA, and aws:SecureTransport. Every refusal is checked in the world
 * too: the journal recorded it and no credentials were issued (the state file lists every
 * credential STS issued). moto_server, where it models a behaviour (it validates little and
 * ignores MFA and external ids), is compared for the error's code and status.
 */
class StsConformanceIT {
    private static final String AUDIT_ROLE = "arn:aws:iam::111111111111:role/ThirdPartyAuditRole";
    private static final String EXTERNAL_ID = "guard-audit-7f3a";
    private static final String DEV_ROLE = "arn:aws:iam::222222222222:role/PrivilegedActionsRole";
    private static final String INVALID_CODE = "MultiFactorAuthentication failed with invalid MFA one time pass code.";
    private static final String UNKNOWN_SERIAL = "MultiFactorAuthentication failed, unable to validate MFA code."
            + "  Please verify your MFA serial number is valid and associated with this user.";

    @TempDir
    Path stateDir;

    @TempDir
    Path configDir;

    private SandboxFixture f;

    @BeforeAll
    static void cliPresent() {
        assumeTrue(AwsCliV2.present(), "AWS CLI v2 not installed at /usr/bin/aws");
    }

    @AfterEach
    void stop() {
        if (f != null) {
            f.close();
        }
    }

    private SandboxFixture sandbox() throws Exception {
        f = new SandboxFixture(stateDir);
        return f;
    }

    private AwsCliV2 cli() {
        return new AwsCliV2(f.endpoint());
    }

    /** The CLI with botocore's client-side checks off (config parameter_validation = false), so the server answers. */
    private AwsCliV2 unvalidatedCli() throws Exception {
        Path config = configDir.resolve("config");
        Files.writeString(config, "[default]\nparameter_validation = false\n");
        return new AwsCliV2(f.endpoint(), config);
    }

    private Map<String, String> keys(String user) {
        AwsCredentials k = f.keys(user);
        return AwsCliV2.credentials(k.accessKeyId(), k.secretAccessKey(), null);
    }

    /** {@code aws sts assume-role} of {@code roleArn} as session {@code session}, then {@code more}. */
    private static AwsCliV2.Run assumeRole(
            AwsCliV2 cli, Map<String, String> credentials, String roleArn, String session, String... more)
            throws Exception {
        List<String> args =
                new ArrayList<>(List.of("sts", "assume-role", "--role-arn", roleArn, "--role-session-name", session));
        args.addAll(List.of(more));
        return cli.run(credentials, args.toArray(String[]::new));
    }

    private static Map<String, String> env(Credentials c) {
        return AwsCliV2.credentials(c.accessKeyId(), c.secretAccessKey(), c.sessionToken());
    }

    /** How many temporary credentials STS has issued: the state file lists each one. */
    private int issued() throws Exception {
        Map<String, Object> state = JsonReader.parseObject(Files.readAllBytes(stateDir.resolve(StateFile.NAME)));
        return ((List<?>) state.get("credentials")).size();
    }

    private List<Journal.Entry> journal() {
        return f.sandbox.journal().entries();
    }

    private Journal.Entry lastEntry() {
        List<Journal.Entry> entries = journal();
        return entries.get(entries.size() - 1);
    }

    private static AwsServiceException refused(Runnable call) {
        AwsServiceException e = catchThrowableOfType(AwsServiceException.class, call::run);
        assertThat(e).as("refused").isNotNull();
        return e;
    }

    private static void assertAnswer(AwsServiceException e, int status, String code, String message) {
        assertThat(e.statusCode()).isEqualTo(status);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(message);
    }

    private static void assertRefused(AwsCliV2.Run run, String code, String message) {
        assertThat(run.exit()).as(run.err()).isEqualTo(254);
        assertThat(run.errorCode()).as(run.err()).isEqualTo(code);
        assertThat(run.errorMessage()).isEqualTo(message);
        assertThat(run.out()).isEmpty();
    }

    // ------------------------------------------------------------ external id

    @Test
    void theExternalIdIsInTheTrustPolicysContextAndOnlyTheRightOneIsAllowed() throws Exception {
        sandbox();
        String denied = "User: arn:aws:iam::111111111111:user/alice is not authorized to perform: sts:AssumeRole on"
                + " resource: " + AUDIT_ROLE;

        AwsCliV2.Run right = assumeRole(cli(), keys("alice"), AUDIT_ROLE, "audit", "--external-id", EXTERNAL_ID);
        assertThat(right.exit()).as(right.err()).isZero();
        assertThat(right.out())
                .contains("\"Arn\": \"arn:aws:sts::111111111111:assumed-role/ThirdPartyAuditRole/audit\"");
        assertThat(issued()).isEqualTo(1);

        assertRefused(
                assumeRole(cli(), keys("alice"), AUDIT_ROLE, "audit", "--external-id", "someone-elses-id"),
                "AccessDenied",
                denied);
        assertRefused(assumeRole(cli(), keys("alice"), AUDIT_ROLE, "a2"), "AccessDenied", denied);
        assertThat(lastEntry().status()).isEqualTo(403);
        assertThat(issued()).as("no credentials for a refusal").isEqualTo(1);

        try (StsClient sts = f.sts(f.keys("carol"))) {
            var assumed = sts.assumeRole(
                    r -> r.roleArn(AUDIT_ROLE).roleSessionName("sdk").externalId(EXTERNAL_ID));
            assertThat(assumed.assumedRoleUser().arn())
                    .isEqualTo("arn:aws:sts::111111111111:assumed-role/ThirdPartyAuditRole/sdk");
            AwsServiceException wrong = refused(() -> sts.assumeRole(
                    r -> r.roleArn(AUDIT_ROLE).roleSessionName("sdk").externalId("guard-audit-7f3b")));
            assertAnswer(wrong, 403, "AccessDenied", denied.replace("user/alice", "user/carol"));
        }
        assertThat(issued()).isEqualTo(2);
    }

    // ------------------------------------------------------------ validation

    @Test
    void aTooShortExternalIdIsAValidationErrorAndTheCliRefusesItBeforeSending() throws Exception {
        sandbox();
        int before = journal().size();
        AwsCliV2.Run local = assumeRole(cli(), keys("alice"), AUDIT_ROLE, "audit", "--external-id", "a");
        assertThat(local.exit()).isEqualTo(252);
        assertThat(local.err()).contains("Invalid length for parameter ExternalId, value: 1, valid min length: 2");
        assertThat(journal()).as("the CLI sent nothing").hasSize(before);

        String message = "1 validation error detected: Value 'a' at 'externalId' failed to satisfy constraint:"
                + " Member must have length greater than or equal to 2";
        assertRefused(
                assumeRole(unvalidatedCli(), keys("alice"), AUDIT_ROLE, "audit", "--external-id", "a"),
                "ValidationError",
                message);
        try (StsClient sts = f.sts(f.keys("alice"))) {
            assertAnswer(
                    refused(() -> sts.assumeRole(
                            r -> r.roleArn(AUDIT_ROLE).roleSessionName("audit").externalId("a"))),
                    400,
                    "ValidationError",
                    message);
        }
        assertThat(lastEntry().status()).isEqualTo(400);
        assertThat(lastEntry().decision()).isEqualTo("ValidationError");
        assertThat(issued()).isZero();
    }

    @Test
    void aMalformedRoleArnIsAValidationErrorNotADenial() throws Exception {
        sandbox();
        assertRefused(
                assumeRole(cli(), keys("alice"), "arn:aws:iam::111111111111:user/alice", "audit"),
                "ValidationError",
                "arn:aws:iam::111111111111:user/alice is invalid");
        try (StsClient sts = f.sts(f.keys("alice"))) {
            assertAnswer(
                    refused(() -> sts.assumeRole(r -> r.roleArn("MyRoleName").roleSessionName("audit"))),
                    400,
                    "ValidationError",
                    "1 validation error detected: Value 'MyRoleName' at 'roleArn' failed to satisfy constraint:"
                            + " Member must have length greater than or equal to 20");
        }
        assertThat(issued()).isZero();
    }

    @Test
    void validationComesFirstAndReportsEveryViolation() throws Exception {
        sandbox();
        // A wrong code for a role whose trust policy refuses alice anyway: validation still answers.
        AwsCliV2.Run run = assumeRole(
                unvalidatedCli(),
                keys("alice"),
                AUDIT_ROLE,
                "bad name",
                "--duration-seconds",
                "100",
                "--serial-number",
                f.serial("alice"),
                "--token-code",
                "12345x");
        assertRefused(
                run,
                "ValidationError",
                "3 validation errors detected: Value 'bad name' at 'roleSessionName' failed to satisfy constraint:"
                        + " Member must satisfy regular expression pattern: [\\w+=,.@-]*; Value '100' at"
                        + " 'durationSeconds' failed to satisfy constraint: Member must have value greater than or"
                        + " equal to 900; Value '12345x' at 'tokenCode' failed to satisfy constraint: Member must"
                        + " satisfy regular expression pattern: [\\d]*");
        try (StsClient sts = f.sts(f.keys("alice"))) {
            assertAnswer(
                    refused(() -> sts.getSessionToken(
                            r -> r.durationSeconds(129_601).tokenCode("1").serialNumber(f.serial("alice")))),
                    400,
                    "ValidationError",
                    "2 validation errors detected: Value '129601' at 'durationSeconds' failed to satisfy"
                            + " constraint: Member must have value less than or equal to 129600; Value '1' at"
                            + " 'tokenCode' failed to satisfy constraint: Member must have length greater than or"
                            + " equal to 6");
        }
        assertThat(issued()).isZero();
    }

    @Test
    void theMfaCodeIsCheckedBeforeTheTrustPolicyAndTheTrustPolicyBeforeTheSessionLength() throws Exception {
        sandbox();
        String wrong = "000000".equals(f.nextCode("alice")) ? "111111" : "000000";
        try (StsClient sts = f.sts(f.keys("alice"))) {
            // No external id: the trust policy would refuse, but the wrong code is answered first.
            assertAnswer(
                    refused(() -> sts.assumeRole(r -> r.roleArn(AUDIT_ROLE)
                            .roleSessionName("audit")
                            .serialNumber(f.serial("alice"))
                            .tokenCode(wrong))),
                    403,
                    "AccessDenied",
                    INVALID_CODE);
            // Too long a session for a caller the trust policy refuses: the refusal, not the role's limit.
            assertAnswer(
                    refused(() -> sts.assumeRole(r -> r.roleArn(AUDIT_ROLE)
                            .roleSessionName("audit")
                            .externalId("not-the-id")
                            .durationSeconds(7200))),
                    403,
                    "AccessDenied",
                    "User: arn:aws:iam::111111111111:user/alice is not authorized to perform: sts:AssumeRole on"
                            + " resource: " + AUDIT_ROLE);
            assertAnswer(
                    refused(() -> sts.assumeRole(AssumeRoleRequest.builder()
                            .roleArn(AUDIT_ROLE)
                            .roleSessionName("audit")
                            .externalId(EXTERNAL_ID)
                            .durationSeconds(7200)
                            .build())),
                    400,
                    "ValidationError",
                    "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
        }
        assertThat(issued()).isZero();
    }

    // ------------------------------------------------------------ MFA

    @Test
    void aRefusedAssumeRoleLeavesTheMfaCodeUsable() throws Exception {
        sandbox();
        String code = f.nextCode("alice");
        String serial = f.serial("alice");
        String missing = "arn:aws:iam::111111111111:role/NoSuchRole";
        // A role that does not exist, through the CLI v2: refused as a denial, the code not used up.
        AwsCliV2.Run noRole = cli().run(
                        keys("alice"),
                        "sts",
                        "assume-role",
                        "--role-arn",
                        missing,
                        "--role-session-name",
                        "probe",
                        "--serial-number",
                        serial,
                        "--token-code",
                        code);
        assertRefused(
                noRole,
                "AccessDenied",
                "User: arn:aws:iam::111111111111:user/alice is not authorized to perform: sts:AssumeRole on"
                        + " resource: " + missing);
        try (StsClient sts = f.sts(f.keys("alice"))) {
            // The trust policy refuses (no external id): still not used up.
            assertAnswer(
                    refused(() -> sts.assumeRole(r -> r.roleArn(AUDIT_ROLE)
                            .roleSessionName("audit")
                            .serialNumber(serial)
                            .tokenCode(code))),
                    403,
                    "AccessDenied",
                    "User: arn:aws:iam::111111111111:user/alice is not authorized to perform: sts:AssumeRole on"
                            + " resource: " + AUDIT_ROLE);
            assertThat(issued()).isZero();
            Credentials session = sts.getSessionToken(
                            r -> r.serialNumber(serial).tokenCode(code))
                    .credentials();
            assertThat(session.accessKeyId()).startsWith("ASIA");
            // Used now: a second use is refused as AWS refuses a reused code.
            assertAnswer(
                    refused(() ->
                            sts.getSessionToken(r -> r.serialNumber(serial).tokenCode(code))),
                    403,
                    "AccessDenied",
                    INVALID_CODE);
        }
        assertThat(issued()).isEqualTo(1);
    }

    @Test
    void ofTwoConcurrentRequestsWithOneCodeExactlyOneSucceeds() throws Exception {
        sandbox();
        String code = f.nextCode("alice");
        String serial = f.serial("alice");
        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(2);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try (StsClient one = f.sts(f.keys("alice"));
                StsClient two = f.sts(f.keys("alice"))) {
            java.util.concurrent.Future<Optional<AwsServiceException>> session = pool.submit(() -> {
                start.await();
                return Optional.ofNullable(catchThrowableOfType(
                        AwsServiceException.class,
                        () -> one.getSessionToken(r -> r.serialNumber(serial).tokenCode(code))));
            });
            java.util.concurrent.Future<Optional<AwsServiceException>> role = pool.submit(() -> {
                start.await();
                return Optional.ofNullable(catchThrowableOfType(
                        AwsServiceException.class,
                        () -> two.assumeRole(r -> r.roleArn(DEV_ROLE)
                                .roleSessionName("race")
                                .serialNumber(serial)
                                .tokenCode(code))));
            });
            List<Optional<AwsServiceException>> outcomes = List.of(session.get(), role.get());
            assertThat(outcomes).filteredOn(Optional::isEmpty).hasSize(1);
            AwsServiceException loser =
                    outcomes.stream().flatMap(Optional::stream).findFirst().orElseThrow();
            assertAnswer(loser, 403, "AccessDenied", INVALID_CODE);
        } finally {
            pool.shutdownNow();
        }
        assertThat(issued()).isEqualTo(1);
    }

    @Test
    void anotherUsersSerialIsUnableToValidateWhileAWrongCodeIsAnInvalidCode() throws Exception {
        sandbox();
        // carol's serial with carol's own current code: still not alice's device.
        assertRefused(
                cli().run(
                                keys("alice"),
                                "sts",
                                "get-session-token",
                                "--serial-number",
                                f.serial("carol"),
                                "--token-code",
                                f.nextCode("carol")),
                "AccessDenied",
                UNKNOWN_SERIAL);
        String wrong = "000000".equals(f.nextCode("alice")) ? "111111" : "000000";
        assertRefused(
                cli().run(
                                keys("alice"),
                                "sts",
                                "get-session-token",
                                "--serial-number",
                                f.serial("alice"),
                                "--token-code",
                                wrong),
                "AccessDenied",
                INVALID_CODE);
        try (StsClient sts = f.sts(f.keys("alice"))) {
            // bob has no device at all.
            assertAnswer(
                    refused(() -> sts.assumeRole(r -> r.roleArn(DEV_ROLE)
                            .roleSessionName("x1")
                            .serialNumber("arn:aws:iam::111111111111:mfa/bob")
                            .tokenCode("123456"))),
                    403,
                    "AccessDenied",
                    UNKNOWN_SERIAL);
        }
        assertThat(issued()).isZero();
        // carol's code was not spent by alice's attempt.
        try (StsClient carol = f.sts(f.keys("carol"))) {
            assertThat(carol.getSessionToken(
                                    r -> r.serialNumber(f.serial("carol")).tokenCode(f.nextCode("carol")))
                            .credentials())
                    .isNotNull();
        }
        assertThat(issued()).isEqualTo(1);
    }

    // ------------------------------------------------------------ session credentials

    @Test
    void iamRefusesSessionCredentialsObtainedWithoutMfaAsAnInvalidToken() throws Exception {
        sandbox();
        Credentials plain;
        Credentials withMfa;
        try (StsClient sts = f.sts(f.keys("alice"))) {
            plain = sts.getSessionToken().credentials();
            withMfa = sts.getSessionToken(r -> r.serialNumber(f.serial("alice")).tokenCode(f.nextCode("alice")))
                    .credentials();
        }
        assertRefused(
                cli().run(env(plain), "iam", "get-role", "--role-name", "ThirdPartyAuditRole"),
                "InvalidClientTokenId",
                "The security token included in the request is invalid");
        assertThat(lastEntry().status()).isEqualTo(403);
        try (var iam = f.iam(SandboxFixture.session(plain))) {
            assertAnswer(
                    refused(iam::listMFADevices),
                    403,
                    "InvalidClientTokenId",
                    "The security token included in the request is invalid");
        }
        AwsCliV2.Run ok = cli().run(env(withMfa), "iam", "list-mfa-devices");
        assertThat(ok.exit()).as(ok.err()).isZero();
        assertThat(ok.out()).contains(f.serial("alice"));
    }

    @Test
    void stsWithSessionCredentialsAnswersAsAws() throws Exception {
        sandbox();
        Credentials session;
        try (StsClient sts = f.sts(f.keys("alice"))) {
            session = sts.getSessionToken().credentials();
        }
        assertThat(issued()).isEqualTo(1);
        assertRefused(
                cli().run(env(session), "sts", "get-session-token"),
                "AccessDenied",
                "Cannot call GetSessionToken with session credentials");
        AwsCliV2.Run who = cli().run(env(session), "sts", "get-caller-identity");
        assertThat(who.out()).contains("\"Arn\": \"arn:aws:iam::111111111111:user/alice\"");
        // AssumeRole with GetSessionToken credentials is role chaining: an hour at most.
        assertRefused(
                assumeRole(
                        cli(),
                        env(session),
                        AUDIT_ROLE,
                        "chained",
                        "--external-id",
                        EXTERNAL_ID,
                        "--duration-seconds",
                        "7200"),
                "ValidationError",
                "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.");
        AwsCliV2.Run chained = assumeRole(cli(), env(session), AUDIT_ROLE, "chained", "--external-id", EXTERNAL_ID);
        assertThat(chained.exit()).as(chained.err()).isZero();
        assertThat(issued()).isEqualTo(2);
    }

    // ------------------------------------------------------------ SigV4 skew

    @Test
    void aClockBehindTheRequestSaysNotYetCurrentAndOneAheadSaysExpired() throws Exception {
        // The sandbox's clock starts 30 minutes behind the real one that CLI and SDK sign with.
        f = new SandboxFixture(stateDir, Instant.now().minus(Duration.ofMinutes(30)));
        AwsCliV2.Run future = cli().run(keys("alice"), "sts", "get-caller-identity");
        assertThat(future.exit()).isEqualTo(254);
        assertThat(future.errorCode()).isEqualTo("SignatureDoesNotMatch");
        assertThat(future.errorMessage())
                .matches("Signature not yet current: \\d{8}T\\d{6}Z is still later than \\d{8}T\\d{6}Z"
                        + " \\(\\d{8}T\\d{6}Z \\+ 15 min\\.\\)");
        try (var ddb = f.dynamodb(f.keys("alice"))) {
            AwsServiceException e = refused(ddb::listTables);
            assertThat(e.statusCode()).isEqualTo(400);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
            assertThat(e.awsErrorDetails().errorMessage()).startsWith("Signature not yet current: ");
        }
        f.clock.advance(Duration.ofMinutes(60));
        try (StsClient sts = f.sts(f.keys("alice"))) {
            AwsServiceException e = refused(sts::getCallerIdentity);
            assertThat(e.statusCode()).isEqualTo(403);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SignatureDoesNotMatch");
            assertThat(e.awsErrorDetails().errorMessage())
                    .matches("Signature expired: \\d{8}T\\d{6}Z is now earlier than \\d{8}T\\d{6}Z"
                            + " \\(\\d{8}T\\d{6}Z - 15 min\\.\\)");
        }
        try (var s3 = f.s3(f.keys("alice"))) {
            AwsServiceException e = refused(s3::listBuckets);
            assertAnswer(
                    e,
                    403,
                    "RequestTimeTooSkewed",
                    "The difference between the request time and the current time is too large.");
        }
        assertThat(journal()).allSatisfy(entry -> assertThat(entry.mutated()).isFalse());
    }

    // ------------------------------------------------------------ condition keys

    @Test
    void theDenyWithoutTlsStatementRefusesNothingBecauseTheSandboxStandsInForHttps() throws Exception {
        sandbox();
        Credentials withMfa;
        try (StsClient sts = f.sts(f.keys("alice"))) {
            withMfa = sts.getSessionToken(r -> r.serialNumber(f.serial("alice")).tokenCode(f.nextCode("alice")))
                    .credentials();
        }
        AwsCliV2.Run list = cli().run(
                        env(withMfa),
                        "s3api",
                        "list-objects-v2",
                        "--bucket",
                        "guard-protected-artifacts",
                        "--prefix",
                        "README");
        assertThat(list.exit()).as(list.err()).isZero();
        assertThat(list.out()).contains("\"Key\": \"README.txt\"");
        try (var s3 = f.s3(SandboxFixture.session(withMfa))) {
            assertThat(s3.getObjectAsBytes(
                                    r -> r.bucket("guard-protected-artifacts").key("README.txt"))
                            .asUtf8String())
                    .startsWith("Release artifacts.");
        }
    }

    @Test
    void revokingOlderSessionsByTheirIssueTimeRefusesOnlyTheOlderOnes() throws Exception {
        // What the IAM console's "Revoke active sessions" adds to a role: Deny everything to
        // sessions issued before a moment. Here the moment is five minutes ahead.
        Instant revokedBefore = Instant.now().plus(Duration.ofMinutes(5)).truncatedTo(ChronoUnit.SECONDS);
        String seed = new String(SeedLoader.bundledBytes(), StandardCharsets.UTF_8);
        String indent = " ".repeat(16);
        String allow = lines(
                indent,
                "- Sid: ReadInstances",
                "  Effect: Allow",
                "  Action: ec2:DescribeInstances",
                "  Resource: \"*\"");
        assertThat(seed).contains(allow);
        String revoke = lines(
                indent,
                "- Sid: AWSRevokeOlderSessions",
                "  Effect: Deny",
                "  Action: \"*\"",
                "  Resource: \"*\"",
                "  Condition:",
                "    DateLessThan:",
                "      aws:TokenIssueTime: \"" + revokedBefore + "\"");
        Path file = configDir.resolve("seed.yaml");
        Files.writeString(file, seed.replace(allow, allow + revoke));
        f = new SandboxFixture(SeedLoader.load(file).orElseThrow());
        Credentials older;
        Credentials newer;
        try (StsClient sts = f.sts(f.keys("alice"))) {
            older = sts.assumeRole(
                            r -> r.roleArn(AUDIT_ROLE).roleSessionName("older").externalId(EXTERNAL_ID))
                    .credentials();
            f.clock.advance(Duration.ofMinutes(10));
            newer = sts.assumeRole(
                            r -> r.roleArn(AUDIT_ROLE).roleSessionName("newer").externalId(EXTERNAL_ID))
                    .credentials();
        }
        AwsCliV2.Run refused = cli().run(env(older), "ec2", "describe-instances");
        assertThat(refused.exit()).as(refused.err()).isEqualTo(254);
        assertThat(refused.errorCode()).isEqualTo("UnauthorizedOperation");
        AwsCliV2.Run allowed = cli().run(env(newer), "ec2", "describe-instances");
        assertThat(allowed.exit()).as(allowed.err()).isZero();
        assertThat(allowed.out()).contains("i-0a11111111111111a");
    }

    private static String lines(String indent, String... lines) {
        StringBuilder text = new StringBuilder();
        for (String line : lines) {
            text.append(indent).append(line).append('\n');
        }
        return text.toString();
    }

    // ------------------------------------------------------------ moto

    @Test
    void aTooLongSessionNameIsAValidationErrorOnMotoToo() throws Exception {
        sandbox();
        Optional<MotoServer> moto = MotoServer.start();
        assumeTrue(moto.isPresent(), "moto_server is not on PATH");
        try (MotoServer m = moto.get();
                StsClient motoSts = StsClient.builder()
                        .endpointOverride(m.endpoint())
                        .region(Region.US_EAST_1)
                        .credentialsProvider(StaticCredentialsProvider.create(
                                AwsBasicCredentials.create("AKIAMOTOCONFORMANCE0", "moto-accepts-any-secret-key-00")))
                        .httpClientBuilder(UrlConnectionHttpClient.builder())
                        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                        .build();
                StsClient sts = f.sts(f.keys("alice"))) {
            String name = "s".repeat(65);
            AwsServiceException there = refused(() -> motoSts.assumeRole(
                    r -> r.roleArn("arn:aws:iam::123456789012:role/any-role").roleSessionName(name)));
            AwsServiceException here = refused(() -> sts.assumeRole(
                    r -> r.roleArn(AUDIT_ROLE).roleSessionName(name).externalId(EXTERNAL_ID)));
            assertThat(here.statusCode()).isEqualTo(there.statusCode()).isEqualTo(400);
            assertThat(here.awsErrorDetails().errorCode())
                    .isEqualTo(there.awsErrorDetails().errorCode())
                    .isEqualTo("ValidationError");
            assertThat(here.awsErrorDetails().errorMessage())
                    .isEqualTo("1 validation error detected: Value '" + name + "' at 'roleSessionName' failed to"
                            + " satisfy constraint: Member must have length less than or equal to 64");
            // Where both answer, the answers have the same shape.
            var motoAssumed = motoSts.assumeRole(r -> r.roleArn("arn:aws:iam::123456789012:role/any-role")
                    .roleSessionName("ok")
                    .externalId("x1"));
            var assumed = sts.assumeRole(
                    r -> r.roleArn(AUDIT_ROLE).roleSessionName("ok").externalId(EXTERNAL_ID));
            assertThat(assumed.assumedRoleUser().assumedRoleId()).endsWith(":ok");
            assertThat(motoAssumed.assumedRoleUser().assumedRoleId()).endsWith(":ok");
            assertThat(assumed.credentials().sessionToken()).isNotBlank();
            assertThat(motoAssumed.credentials().sessionToken()).isNotBlank();
        }
        assertThat(issued()).isEqualTo(1);
    }
}
