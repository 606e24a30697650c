package dev.guard.sandbox.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.guard.json.Json;
import dev.guard.sandbox.SandboxFixture;
import dev.guard.sandbox.server.Journal;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DomainType;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketCannedACL;
import software.amazon.awssdk.services.s3.model.CORSRule;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.ObjectAttributes;
import software.amazon.awssdk.services.s3.model.ObjectCannedACL;
import software.amazon.awssdk.services.s3.model.ObjectLockEnabled;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The rule from the outside: real AWS operations the sandbox does not model, through the Java SDK
 * and the AWS CLI v2, are refused with the service's "not implemented" answer (S3: 501
 * NotImplemented; EC2, IAM and STS: 400 InvalidAction; DynamoDB: 400 UnknownOperationException),
 * journalled under their own action name as changing nothing — and the world (the state a state
 * file would hold) is the same after as before. No emulator to compare with: moto and LocalStack
 * perform these operations.
 */
class UnmodelledOperationsIT {
    private static final String BUCKET = "guard-approvals";
    private static final String KEY = "approvals/alice/plan.json";
    private static final String INSTANCE = "i-0a11111111111111a";
    private static final String TABLE = "guard-locks";
    private static final String ROLE = "arn:aws:iam::222222222222:role/PrivilegedActionsRole";

    private static SandboxFixture f;
    private static AwsCredentials alice;

    @BeforeAll
    static void start() throws Exception {
        f = new SandboxFixture();
        alice = f.keys("alice");
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    /** One refusal expected: the service, the operation and the answer. */
    private record Expected(String service, String operation, int status, String code, String principal) {
        Expected(String service, String operation, int status, String code) {
            this(service, operation, status, code, "arn:aws:iam::111111111111:user/alice");
        }

        String action() {
            return service + ":" + operation;
        }
    }

    /** An STS operation the SDKs send unsigned by design: refused as not modelled, by an anonymous caller. */
    private static Expected unsigned(String operation) {
        return new Expected("sts", operation, 400, "InvalidAction", "anonymous");
    }

    private static Expected s3(String operation) {
        return new Expected("s3", operation, 501, "NotImplemented");
    }

    private static Expected query(String service, String operation) {
        return new Expected(service, operation, 400, "InvalidAction");
    }

    private static Expected dynamodb(String operation) {
        return new Expected("dynamodb", operation, 400, "UnknownOperationException");
    }

    @TestFactory
    Stream<DynamicTest> throughTheJavaSdk() {
        S3Client s3 = f.s3(alice);
        Ec2Client ec2 = f.ec2(alice);
        IamClient iam = f.iam(alice);
        StsClient sts = f.sts(alice);
        DynamoDbClient ddb = f.dynamodb(alice);
        Map<String, AttributeValue> item = Map.of("LockID", AttributeValue.fromS("probe"));
        return Stream.of(
                sdk(
                        s3("PutBucketAcl"),
                        () -> s3.putBucketAcl(r -> r.bucket(BUCKET).acl(BucketCannedACL.PUBLIC_READ))),
                sdk(
                        s3("PutObjectAcl"),
                        () -> s3.putObjectAcl(r -> r.bucket(BUCKET).key(KEY).acl(ObjectCannedACL.PUBLIC_READ))),
                sdk(
                        s3("PutBucketCors"),
                        () -> s3.putBucketCors(r -> r.bucket(BUCKET)
                                .corsConfiguration(c -> c.corsRules(List.of(CORSRule.builder()
                                        .allowedMethods("GET")
                                        .allowedOrigins("*")
                                        .build()))))),
                sdk(
                        s3("PutObjectLockConfiguration"),
                        () -> s3.putObjectLockConfiguration(r -> r.bucket(BUCKET)
                                .objectLockConfiguration(c -> c.objectLockEnabled(ObjectLockEnabled.ENABLED)))),
                sdk(
                        s3("GetObjectAttributes"),
                        () -> s3.getObjectAttributes(
                                r -> r.bucket(BUCKET).key(KEY).objectAttributes(ObjectAttributes.E_TAG))),
                sdk(s3("DeleteBucket"), () -> s3.deleteBucket(r -> r.bucket(BUCKET))),
                sdk(
                        s3("PutBucketLifecycleConfiguration"),
                        () -> s3.putBucketLifecycleConfiguration(r -> r.bucket(BUCKET)
                                .lifecycleConfiguration(c -> c.rules(List.of(LifecycleRule.builder()
                                        .id("expire")
                                        .status("Enabled")
                                        .filter(x -> x.prefix(""))
                                        .expiration(e -> e.days(1))
                                        .build()))))),
                sdk(
                        s3("RestoreObject"),
                        () -> s3.restoreObject(r -> r.bucket(BUCKET).key(KEY).restoreRequest(q -> q.days(1)))),
                sdk(query("ec2", "CreateVpc"), () -> ec2.createVpc(r -> r.cidrBlock("10.0.0.0/16"))),
                sdk(query("ec2", "RebootInstances"), () -> ec2.rebootInstances(r -> r.instanceIds(INSTANCE))),
                sdk(query("ec2", "AllocateAddress"), () -> ec2.allocateAddress(r -> r.domain(DomainType.VPC))),
                sdk(query("ec2", "CreateSnapshot"), () -> ec2.createSnapshot(r -> r.volumeId("vol-0123456789abcdef0"))),
                sdk(query("iam", "CreateUser"), () -> iam.createUser(r -> r.userName("mallory"))),
                sdk(
                        query("iam", "AttachRolePolicy"),
                        () -> iam.attachRolePolicy(r -> r.roleName("PrivilegedActionsRole")
                                .policyArn("arn:aws:iam::aws:policy/AdministratorAccess"))),
                sdk(query("iam", "CreateAccessKey"), () -> iam.createAccessKey(r -> r.userName("alice"))),
                sdk(query("iam", "DeleteRole"), () -> iam.deleteRole(r -> r.roleName("PrivilegedActionsRole"))),
                sdk(query("sts", "GetFederationToken"), () -> sts.getFederationToken(r -> r.name("fed"))),
                sdk(
                        unsigned("AssumeRoleWithWebIdentity"),
                        () -> sts.assumeRoleWithWebIdentity(
                                r -> r.roleArn(ROLE).roleSessionName("web").webIdentityToken("x".repeat(10)))),
                sdk(
                        unsigned("AssumeRoleWithSAML"),
                        () -> sts.assumeRoleWithSAML(r -> r.roleArn(ROLE)
                                .principalArn("arn:aws:iam::222222222222:saml-provider/corp")
                                .samlAssertion("x".repeat(10)))),
                sdk(
                        query("sts", "GetAccessKeyInfo"),
                        () -> sts.getAccessKeyInfo(r -> r.accessKeyId("AKIASANDBOXALICE0001"))),
                sdk(
                        dynamodb("BatchWriteItem"),
                        () -> ddb.batchWriteItem(r -> r.requestItems(Map.of(
                                TABLE,
                                List.of(WriteRequest.builder()
                                        .putRequest(
                                                PutRequest.builder().item(item).build())
                                        .build()))))),
                sdk(
                        dynamodb("Query"),
                        () -> ddb.query(r -> r.tableName(TABLE)
                                .keyConditionExpression("LockID = :l")
                                .expressionAttributeValues(Map.of(":l", AttributeValue.fromS("probe"))))),
                sdk(
                        dynamodb("TransactWriteItems"),
                        () -> ddb.transactWriteItems(r -> r.transactItems(TransactWriteItem.builder()
                                .put(p -> p.tableName(TABLE).item(item))
                                .build()))),
                sdk(
                        dynamodb("BatchGetItem"),
                        () -> ddb.batchGetItem(r -> r.requestItems(Map.of(
                                TABLE,
                                software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes.builder()
                                        .keys(List.of(item))
                                        .build())))),
                sdk(
                        dynamodb("DeleteBackup"),
                        () -> ddb.deleteBackup(
                                r -> r.backupArn(
                                        "arn:aws:dynamodb:us-east-1:111111111111:table/guard-locks/backup/01234567890123-abcdefgh"))));
    }

    @TestFactory
    Stream<DynamicTest> throughTheAwsCliV2() {
        AwsCliV2.assumeInstalled();
        String item = "{\"LockID\":{\"S\":\"probe\"}}";
        return Stream.of(
                cli(s3("PutBucketAcl"), "s3api", "put-bucket-acl", "--bucket", BUCKET, "--acl", "public-read"),
                cli(
                        s3("PutObjectAcl"),
                        "s3api",
                        "put-object-acl",
                        "--bucket",
                        BUCKET,
                        "--key",
                        KEY,
                        "--acl",
                        "public-read"),
                cli(
                        s3("PutBucketCors"),
                        "s3api",
                        "put-bucket-cors",
                        "--bucket",
                        BUCKET,
                        "--cors-configuration",
                        "{\"CORSRules\":[{\"AllowedMethods\":[\"GET\"],\"AllowedOrigins\":[\"*\"]}]}"),
                cli(
                        s3("PutObjectLockConfiguration"),
                        "s3api",
                        "put-object-lock-configuration",
                        "--bucket",
                        BUCKET,
                        "--object-lock-configuration",
                        "{\"ObjectLockEnabled\":\"Enabled\"}"),
                cli(
                        s3("GetObjectAttributes"),
                        "s3api",
                        "get-object-attributes",
                        "--bucket",
                        BUCKET,
                        "--key",
                        KEY,
                        "--object-attributes",
                        "ETag"),
                cli(
                        s3("SelectObjectContent"),
                        "s3api",
                        "select-object-content",
                        "--bucket",
                        BUCKET,
                        "--key",
                        KEY,
                        "--expression",
                        "select * from s3object",
                        "--expression-type",
                        "SQL",
                        "--input-serialization",
                        "{\"JSON\":{\"Type\":\"DOCUMENT\"}}",
                        "--output-serialization",
                        "{\"JSON\":{}}",
                        "/dev/null"),
                cli(query("ec2", "CreateVpc"), "ec2", "create-vpc", "--cidr-block", "10.0.0.0/16"),
                cli(query("ec2", "RebootInstances"), "ec2", "reboot-instances", "--instance-ids", INSTANCE),
                cli(query("iam", "CreateUser"), "iam", "create-user", "--user-name", "mallory"),
                cli(
                        query("iam", "AttachRolePolicy"),
                        "iam",
                        "attach-role-policy",
                        "--role-name",
                        "PrivilegedActionsRole",
                        "--policy-arn",
                        "arn:aws:iam::aws:policy/AdministratorAccess"),
                cli(query("sts", "GetFederationToken"), "sts", "get-federation-token", "--name", "fed"),
                cli(
                        unsigned("AssumeRoleWithWebIdentity"),
                        "sts",
                        "assume-role-with-web-identity",
                        "--role-arn",
                        ROLE,
                        "--role-session-name",
                        "web",
                        "--web-identity-token",
                        "x".repeat(10)),
                cli(
                        dynamodb("BatchWriteItem"),
                        "dynamodb",
                        "batch-write-item",
                        "--request-items",
                        "{\"" + TABLE + "\":[{\"PutRequest\":{\"Item\":" + item + "}}]}"),
                cli(
                        dynamodb("Query"),
                        "dynamodb",
                        "query",
                        "--table-name",
                        TABLE,
                        "--key-condition-expression",
                        "LockID = :l",
                        "--expression-attribute-values",
                        "{\":l\":{\"S\":\"probe\"}}"),
                cli(
                        dynamodb("TransactWriteItems"),
                        "dynamodb",
                        "transact-write-items",
                        "--transact-items",
                        "[{\"Put\":{\"TableName\":\"" + TABLE + "\",\"Item\":" + item + "}}]"));
    }

    private static DynamicTest sdk(Expected expected, Runnable call) {
        return DynamicTest.dynamicTest(
                expected.action() + " (Java SDK)",
                () -> refusedUnchanged(expected, () -> {
                    AwsServiceException e = catchThrowableOfType(AwsServiceException.class, call::run);
                    assertThat(e).as(expected.action() + " is refused").isNotNull();
                    assertThat(e.statusCode()).isEqualTo(expected.status());
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo(expected.code());
                }));
    }

    private static DynamicTest cli(Expected expected, String... args) {
        return DynamicTest.dynamicTest(
                expected.action() + " (AWS CLI v2)",
                () -> refusedUnchanged(expected, () -> {
                    AwsCliV2.Run run;
                    try {
                        run = new AwsCliV2(f.endpoint()).run(alice, args);
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                    assertThat(run.exit()).as(run.err()).isEqualTo(254);
                    assertThat(run.err())
                            .contains("An error occurred (" + expected.code() + ") when calling the "
                                    + expected.operation() + " operation");
                }));
    }

    /** Runs {@code call}, then checks the journal's entry for it and that the world did not change. */
    private static void refusedUnchanged(Expected expected, Runnable call) {
        String before = Json.compact(f.sandbox.snapshot());
        int journalled = f.sandbox.journal().entries().size();
        call.run();
        List<Journal.Entry> entries = f.sandbox.journal().entries();
        assertThat(entries).hasSize(journalled + 1);
        Journal.Entry entry = entries.get(entries.size() - 1);
        assertThat(entry.action()).isEqualTo(expected.action());
        assertThat(entry.operation()).isEqualTo(expected.operation());
        assertThat(entry.decision()).isEqualTo(expected.code());
        assertThat(entry.status()).isEqualTo(expected.status());
        assertThat(entry.principal()).isEqualTo(expected.principal());
        assertThat(entry.mutated()).isFalse();
        assertThat(f.sandbox.journal().anyMutation()).isFalse();
        assertThat(Json.compact(f.sandbox.snapshot())).as("the world after").isEqualTo(before);
    }
}
