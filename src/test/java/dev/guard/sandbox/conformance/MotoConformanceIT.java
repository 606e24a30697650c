package dev.guard.sandbox.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.guard.sandbox.SandboxFixture;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Wire-shape conformance of the sandbox against moto_server, a third-party AWS emulator with
 * faithful wire shapes: the same non-auth scenarios run against both, and the shapes of the
 * answers (which elements, headers and error codes exist; never ids, timestamps or ETags) must
 * agree. Skipped where {@code moto_server} is not on PATH.
 *
 * <p>In the sandbox the S3 calls use alice's GetSessionToken(MFA) credentials against the seeded
 * bucket {@value #BUCKET}, which its bucket policy allows; moto accepts any keys, so the same
 * bucket is created there first.
 */
class MotoConformanceIT {
    private static final String BUCKET = "guard-protected-artifacts";
    private static final String MISSING_BUCKET = "guard-conformance-no-such-bucket";
    private static final Duration MOTO_START = Duration.ofSeconds(25);
    private static final String CHECKSUM_ALGORITHM = "ListBucketResult/Contents/ChecksumAlgorithm";
    private static final String CONTINUATION_TOKEN = "ListBucketResult/ContinuationToken";

    /** One endpoint under test: the sandbox or moto, with clients and credentials that work there. */
    record Side(
            String name,
            URI endpoint,
            AwsCredentials credentials,
            AwsCredentials stsCredentials,
            S3Client s3,
            StsClient sts)
            implements AutoCloseable {
        static Side of(String name, URI endpoint, AwsCredentials credentials, AwsCredentials stsCredentials) {
            return new Side(
                    name,
                    endpoint,
                    credentials,
                    stsCredentials,
                    S3Client.builder()
                            .endpointOverride(endpoint)
                            .region(Region.US_EAST_1)
                            .forcePathStyle(true)
                            .credentialsProvider(StaticCredentialsProvider.create(credentials))
                            .httpClientBuilder(UrlConnectionHttpClient.builder())
                            .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                            .build(),
                    StsClient.builder()
                            .endpointOverride(endpoint)
                            .region(Region.US_EAST_1)
                            .credentialsProvider(StaticCredentialsProvider.create(stsCredentials))
                            .httpClientBuilder(UrlConnectionHttpClient.builder())
                            .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                            .build());
        }

        @Override
        public void close() {
            s3.close();
            sts.close();
        }
    }

    /** A raw answer: status, headers and body, for comparing XML element names. */
    record Raw(int status, Map<String, List<String>> headers, String body) {}

    private static SandboxFixture fixture;
    private static Process moto;
    private static Path motoLog;
    private static Side sandbox;
    private static Side motoSide;
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    @BeforeAll
    static void start() throws Exception {
        Optional<Path> executable = onPath("moto_server");
        assumeTrue(executable.isPresent(), "moto_server is not on PATH: skipping the moto conformance suite");

        fixture = new SandboxFixture();
        var mfaSession = SandboxFixture.session(fixture.sts(fixture.keys("alice"))
                .getSessionToken(r -> r.serialNumber(fixture.serial("alice")).tokenCode(fixture.nextCode("alice")))
                .credentials());
        sandbox = Side.of("sandbox", fixture.endpoint(), mfaSession, fixture.keys("alice"));

        int port = freePort();
        motoLog = Files.createTempFile("moto-server", ".log");
        ProcessBuilder pb = new ProcessBuilder(
                        executable.get().toString(), "-H", "127.0.0.1", "-p", Integer.toString(port))
                .redirectErrorStream(true)
                .redirectOutput(motoLog.toFile());
        // Failsafe blanks AWS_PROFILE (and the key variables) for the test JVM, and a child inherits
        // AWS_PROFILE="": moto then renders every S3 error through a botocore session that fails
        // with ProfileNotFound("") and answers HTTP 500 text/html instead of the 404 error body.
        // That, not moto, was the "500 with no error code" an earlier version of this suite saw.
        pb.environment().keySet().removeIf(k -> k.startsWith("AWS_"));
        moto = pb.start();
        URI motoEndpoint = URI.create("http://127.0.0.1:" + port);
        awaitAnswer(motoEndpoint);
        var anyKeys = AwsBasicCredentials.create("AKIAMOTOCONFORMANCE0", "moto-accepts-any-secret-key-0000000000000");
        motoSide = Side.of("moto", motoEndpoint, anyKeys, anyKeys);
        motoSide.s3().createBucket(r -> r.bucket(BUCKET));
        // The seed's lock table, as moto needs it created (the sandbox has it seeded).
        Raw created = dynamodb(motoSide, "CreateTable", """
                {"TableName": "guard-locks", "BillingMode": "PAY_PER_REQUEST",
                 "KeySchema": [{"AttributeName": "LockID", "KeyType": "HASH"}],
                 "AttributeDefinitions": [{"AttributeName": "LockID", "AttributeType": "S"}]}""");
        assertThat(created.status()).as(created.body()).isEqualTo(200);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (moto != null) {
            ProcessHandle root = moto.toHandle();
            List<ProcessHandle> tree = root.descendants().collect(Collectors.toList());
            tree.forEach(ProcessHandle::destroy);
            root.destroy();
            if (!moto.waitFor(5, TimeUnit.SECONDS)) {
                tree.forEach(ProcessHandle::destroyForcibly);
                root.destroyForcibly();
                moto.waitFor(5, TimeUnit.SECONDS);
            }
            tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        }
        for (Side side : new Side[] {sandbox, motoSide}) {
            if (side != null) {
                side.close();
            }
        }
        if (fixture != null) {
            fixture.close();
        }
        if (motoLog != null) {
            try {
                Files.deleteIfExists(motoLog);
            } catch (IOException ignored) {
                // a leftover temp file is harmless
            }
        }
    }

    // ---------------------------------------------------------------- STS

    @Test
    void getCallerIdentityParsesAccountArnAndUserIdOnBoth() {
        for (Side side : sides()) {
            var id = side.sts().getCallerIdentity();
            assertThat(id.account())
                    .as("%s GetCallerIdentity Account (whole answer: %s)", side.name(), id)
                    .matches("\\d{12}");
            assertThat(id.arn())
                    .as("%s GetCallerIdentity Arn (whole answer: %s)", side.name(), id)
                    .startsWith("arn:aws:");
            assertThat(id.userId())
                    .as("%s GetCallerIdentity UserId (whole answer: %s)", side.name(), id)
                    .isNotBlank();
        }
        same(
                "GetCallerIdentity: fields the SDK parsed",
                nonNullFields(sandbox.sts().getCallerIdentity()),
                nonNullFields(motoSide.sts().getCallerIdentity()));
    }

    @Test
    void rawGetCallerIdentityHasTheSameElements() throws Exception {
        Function<Side, Raw> call = side ->
                send(side, "sts", SdkHttpMethod.POST, "/", Map.of(), "Action=GetCallerIdentity&Version=2011-06-15");
        Raw s = call.apply(sandbox);
        Raw m = call.apply(motoSide);
        same("GetCallerIdentity status", s.status(), m.status());
        same("GetCallerIdentity XML elements", elements(s.body()), elements(m.body()), s, m);
    }

    /**
     * AssumeRole with a session policy answers with the same fields on both, PackedPolicySize
     * among them. Only the shape is comparable: moto 5.2 stores the policy but never applies it
     * (its IAM checks read only the role's policies), answers PackedPolicySize 6 whatever was sent
     * (also with no policy at all), ignores PolicyArns and accepts a malformed policy.
     */
    @Test
    void assumeRoleWithASessionPolicyAnswersTheSameFields() {
        String policy = "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\","
                + "\"Action\":\"ec2:Describe*\",\"Resource\":\"*\"}}";
        java.util.function.Function<StsClient, Set<String>> assume = sts ->
                nonNullFields(sts.assumeRole(r -> r.roleArn("arn:aws:iam::222222222222:role/PrivilegedActionsRole")
                        .roleSessionName("conformance")
                        .policy(policy)));
        try (StsClient chained = fixture.sts(sandbox.credentials())) {
            same("AssumeRole with Policy: fields the SDK parsed", assume.apply(chained), assume.apply(motoSide.sts()));
        }
    }

    // ---------------------------------------------------------------- S3 objects
    // ---------------------------------------------------------------- S3 objects

    @Test
    void putGetHeadRoundTrip() {
        String key = "conformance/roundtrip/hello.txt";
        String body = "hello, conformance";
        for (Side side : sides()) {
            S3Client s3 = side.s3();
            var put = s3.putObject(r -> r.bucket(BUCKET).key(key), RequestBody.fromString(body));
            assertThat(put.eTag())
                    .as("%s PutObject ETag (answer: %s)", side.name(), put)
                    .isNotBlank();

            var got = s3.getObjectAsBytes(r -> r.bucket(BUCKET).key(key));
            assertThat(got.asUtf8String()).as("%s GetObject body", side.name()).isEqualTo(body);
            assertThat(got.response().contentType())
                    .as("%s GetObject Content-Type (answer: %s)", side.name(), got.response())
                    .isEqualTo("text/plain; charset=UTF-8");
            assertThat(got.response().eTag())
                    .as("%s GetObject ETag", side.name())
                    .isEqualTo(put.eTag());

            var head = s3.headObject(r -> r.bucket(BUCKET).key(key));
            assertThat(head.contentLength())
                    .as("%s HeadObject Content-Length (answer: %s)", side.name(), head)
                    .isEqualTo((long) body.getBytes(StandardCharsets.UTF_8).length);
            assertThat(head.contentType())
                    .as("%s HeadObject Content-Type", side.name())
                    .isEqualTo(got.response().contentType());
            assertThat(head.acceptRanges())
                    .as("%s HeadObject Accept-Ranges", side.name())
                    .isEqualTo("bytes");
        }
        S3Client a = sandbox.s3();
        S3Client b = motoSide.s3();
        same(
                "GetObject content-type",
                a.getObjectAsBytes(r -> r.bucket(BUCKET).key(key)).response().contentType(),
                b.getObjectAsBytes(r -> r.bucket(BUCKET).key(key)).response().contentType());
        report(
                "HeadObject: fields the SDK parsed",
                nonNullFields(a.headObject(r -> r.bucket(BUCKET).key(key))),
                nonNullFields(b.headObject(r -> r.bucket(BUCKET).key(key))));
        report(
                "GetObject: fields the SDK parsed",
                nonNullFields(a.getObjectAsBytes(r -> r.bucket(BUCKET).key(key)).response()),
                nonNullFields(b.getObjectAsBytes(r -> r.bucket(BUCKET).key(key)).response()));
        report(
                "PutObject: fields the SDK parsed",
                nonNullFields(a.putObject(r -> r.bucket(BUCKET).key(key), RequestBody.fromString(body))),
                nonNullFields(b.putObject(r -> r.bucket(BUCKET).key(key), RequestBody.fromString(body))));
    }

    @Test
    void anExplicitContentTypeIsKeptAsSent() {
        String key = "conformance/typed/a.txt";
        for (Side side : sides()) {
            var put = side.s3()
                    .putObject(
                            r -> r.bucket(BUCKET).key(key).contentType("text/plain"), RequestBody.fromString("hello"));
            assertThat(put.eTag())
                    .as("%s PutObject ETag is quoted", side.name())
                    .startsWith("\"")
                    .endsWith("\"");
            var got = side.s3().getObjectAsBytes(r -> r.bucket(BUCKET).key(key));
            assertThat(got.asUtf8String()).as("%s GetObject body", side.name()).isEqualTo("hello");
            assertThat(got.response().contentType())
                    .as("%s GetObject Content-Type", side.name())
                    .isEqualTo("text/plain");
            assertThat(side.s3().headObject(r -> r.bucket(BUCKET).key(key)).contentLength())
                    .as("%s HeadObject Content-Length", side.name())
                    .isEqualTo(5L);
        }
    }

    @Test
    void checksumsAreAnsweredTheSameWay() {
        String key = "conformance/checksum/a.txt";
        String[] put = new String[2];
        String[] withMode = new String[2];
        String[] withoutMode = new String[2];
        String[] sha256 = new String[2];
        List<Side> sides = sides();
        for (int i = 0; i < 2; i++) {
            S3Client s3 = sides.get(i).s3();
            put[i] = s3.putObject(r -> r.bucket(BUCKET).key(key), RequestBody.fromString("checksum me"))
                    .checksumCRC32();
            withMode[i] = s3.getObjectAsBytes(r -> r.bucket(BUCKET).key(key).checksumMode(ChecksumMode.ENABLED))
                    .response()
                    .checksumCRC32();
            withoutMode[i] = s3.headObject(r -> r.bucket(BUCKET).key(key)).checksumCRC32();
            sha256[i] = s3.putObject(
                            r -> r.bucket(BUCKET).key(key + ".sha").checksumAlgorithm(ChecksumAlgorithm.SHA256),
                            RequestBody.fromString("checksum me"))
                    .checksumSHA256();
        }
        assertThat(put[1]).as("moto answers PutObject's CRC32").isNotBlank();
        same("PutObject x-amz-checksum-crc32", put[0], put[1]);
        same("GetObject x-amz-checksum-crc32 with x-amz-checksum-mode: ENABLED", withMode[0], withMode[1]);
        same("HeadObject x-amz-checksum-crc32 without checksum mode", withoutMode[0], withoutMode[1]);
        same("PutObject x-amz-checksum-sha256", sha256[0], sha256[1]);
    }

    @Test
    void listObjectsV2PagesTheSameWay() {
        String prefix = "conformance/list/";
        for (Side side : sides()) {
            S3Client s3 = side.s3();
            s3.putObject(r -> r.bucket(BUCKET).key(prefix + "a.txt"), RequestBody.fromString("a"));
            s3.putObject(r -> r.bucket(BUCKET).key(prefix + "b.txt"), RequestBody.fromString("bb"));

            ListObjectsV2Response page1 =
                    s3.listObjectsV2(r -> r.bucket(BUCKET).prefix(prefix).maxKeys(1));
            assertThat(page1.isTruncated())
                    .as("%s page 1 IsTruncated (%s)", side.name(), page1)
                    .isTrue();
            assertThat(page1.nextContinuationToken())
                    .as("%s page 1 NextContinuationToken (%s)", side.name(), page1)
                    .isNotBlank();
            assertThat(page1.keyCount())
                    .as("%s page 1 KeyCount (%s)", side.name(), page1)
                    .isEqualTo(1);
            assertThat(page1.contents()).extracting(o -> o.key()).containsExactly(prefix + "a.txt");
            assertThat(page1.prefix()).as("%s page 1 Prefix", side.name()).isEqualTo(prefix);
            assertThat(page1.maxKeys()).as("%s page 1 MaxKeys", side.name()).isEqualTo(1);
            assertThat(page1.name()).as("%s page 1 Name", side.name()).isEqualTo(BUCKET);

            ListObjectsV2Response page2 = s3.listObjectsV2(
                    r -> r.bucket(BUCKET).prefix(prefix).maxKeys(1).continuationToken(page1.nextContinuationToken()));
            assertThat(page2.isTruncated())
                    .as("%s page 2 IsTruncated (%s)", side.name(), page2)
                    .isFalse();
            assertThat(page2.nextContinuationToken())
                    .as("%s page 2 NextContinuationToken (%s)", side.name(), page2)
                    .isNull();
            assertThat(page2.keyCount())
                    .as("%s page 2 KeyCount (%s)", side.name(), page2)
                    .isEqualTo(1);
            assertThat(page2.contents()).extracting(o -> o.key()).containsExactly(prefix + "b.txt");
            assertThat(page2.contents().get(0).size()).isEqualTo(2L);
        }
        ListObjectsV2Response s =
                sandbox.s3().listObjectsV2(r -> r.bucket(BUCKET).prefix(prefix).maxKeys(1));
        ListObjectsV2Response m =
                motoSide.s3().listObjectsV2(r -> r.bucket(BUCKET).prefix(prefix).maxKeys(1));
        same("ListObjectsV2 page 1: fields the SDK parsed", nonNullFields(s), nonNullFields(m));
        same(
                "ListObjectsV2 page 1: fields of a Contents entry (ChecksumAlgorithm aside, see its own test)",
                without(nonNullFields(s.contents().get(0)), "ChecksumAlgorithm"),
                without(nonNullFields(m.contents().get(0)), "ChecksumAlgorithm"));
    }

    @Test
    void deleteThenGetIsNoSuchKey() {
        String key = "conformance/delete/gone.txt";
        S3Exception[] errors = new S3Exception[2];
        int[] deleteStatus = new int[2];
        List<Side> sides = sides();
        for (int i = 0; i < 2; i++) {
            S3Client s3 = sides.get(i).s3();
            s3.putObject(r -> r.bucket(BUCKET).key(key), RequestBody.fromString("x"));
            deleteStatus[i] = s3.deleteObject(r -> r.bucket(BUCKET).key(key))
                    .sdkHttpResponse()
                    .statusCode();
            errors[i] = catchThrowableOfType(
                    S3Exception.class, () -> s3.getObject(r -> r.bucket(BUCKET).key(key)));
            assertThat(errors[i])
                    .as("%s GetObject after DeleteObject", sides.get(i).name())
                    .isNotNull();
        }
        same("DeleteObject status", deleteStatus[0], deleteStatus[1]);
        same("GetObject after delete: errorCode", code(errors[0]), code(errors[1]));
        same("GetObject after delete: status", errors[0].statusCode(), errors[1].statusCode());
        assertThat(code(errors[0])).isEqualTo("NoSuchKey");
        assertThat(errors[0].statusCode()).isEqualTo(404);
    }

    @Test
    void aMissingBucketIsNoSuchBucketOnBoth() {
        S3Exception s = catchThrowableOfType(
                S3Exception.class, () -> sandbox.s3().listObjectsV2(r -> r.bucket(MISSING_BUCKET)));
        S3Exception m = catchThrowableOfType(
                S3Exception.class, () -> motoSide.s3().listObjectsV2(r -> r.bucket(MISSING_BUCKET)));
        assertThat(s).as("sandbox ListObjectsV2 on a missing bucket").isNotNull();
        assertThat(m).as("moto ListObjectsV2 on a missing bucket").isNotNull();
        same("missing bucket: errorCode", code(s), code(m));
        same("missing bucket: status", s.statusCode(), m.statusCode());
        assertThat(code(s)).isEqualTo("NoSuchBucket");
        assertThat(s.statusCode()).isEqualTo(404);

        S3Exception sGet = catchThrowableOfType(
                S3Exception.class,
                () -> sandbox.s3().getObject(r -> r.bucket(MISSING_BUCKET).key("k")));
        S3Exception mGet = catchThrowableOfType(
                S3Exception.class,
                () -> motoSide.s3().getObject(r -> r.bucket(MISSING_BUCKET).key("k")));
        same("GetObject in a missing bucket: errorCode", code(sGet), code(mGet));
        same("GetObject in a missing bucket: status", sGet.statusCode(), mGet.statusCode());
    }

    @Test
    void headOnAMissingKeyIs404OnBoth() {
        String key = "conformance/head/never-written.txt";
        S3Exception s = catchThrowableOfType(
                S3Exception.class,
                () -> sandbox.s3().headObject(r -> r.bucket(BUCKET).key(key)));
        S3Exception m = catchThrowableOfType(
                S3Exception.class,
                () -> motoSide.s3().headObject(r -> r.bucket(BUCKET).key(key)));
        assertThat(s).as("sandbox HeadObject on a missing key").isNotNull();
        assertThat(m).as("moto HeadObject on a missing key").isNotNull();
        same("HeadObject missing key: status", s.statusCode(), m.statusCode());
        same(
                "HeadObject missing key: exception type",
                s.getClass().getSimpleName(),
                m.getClass().getSimpleName());
        same("HeadObject missing key: errorCode", code(s), code(m));
        assertThat(s.statusCode()).isEqualTo(404);
    }

    // ---------------------------------------------------------------- DynamoDB items (JSON 1.0)

    /**
     * A DynamoDB call, raw: on the sandbox with alice's long-term keys (Operators use the lock
     * table's items), on moto with any keys.
     */
    private static Raw dynamodb(Side side, String operation, String json) {
        return sendJson(side, side == sandbox ? fixture.keys("alice") : side.credentials(), operation, json);
    }

    /**
     * The body's members. An error's "Message" is read as "message": the SDKs accept either, and moto
     * capitalises it when a failed condition returns its Item (DynamoDB's JSON errors say "message").
     */
    private static Map<String, Object> json(Raw raw) {
        if (raw.body().isBlank()) {
            return Map.of();
        }
        Map<String, Object> out = new java.util.LinkedHashMap<>(
                dev.guard.json.JsonReader.parseObject(raw.body().getBytes(StandardCharsets.UTF_8)));
        if (out.containsKey("__type") && out.containsKey("Message") && !out.containsKey("message")) {
            out.put("message", out.remove("Message"));
        }
        return out;
    }
    /** Both sides' answers to the same call: status, top-level members, error type and message agree. */
    private static Map<String, Object> sameAnswer(String what, String operation, String json) {
        Raw s = dynamodb(sandbox, operation, json);
        Raw m = dynamodb(motoSide, operation, json);
        same(what + ": status", s.status(), m.status());
        Map<String, Object> sj = json(s);
        Map<String, Object> mj = json(m);
        same(what + ": members", new TreeSet<>(sj.keySet()), new TreeSet<>(mj.keySet()), s, m);
        same(what + ": __type", sj.get("__type"), mj.get("__type"));
        same(what + ": message", sj.get("message"), mj.get("message"));
        return sj;
    }

    private static String lockItem(String id, String holder) {
        return "{\"LockID\": {\"S\": \"" + id + "\"}, \"holder\": {\"S\": \"" + holder + "\"},"
                + " \"ttl\": {\"N\": \"1900000000\"}, \"info\": {\"M\": {\"pid\": {\"N\": \"42\"}}},"
                + " \"ok\": {\"BOOL\": true}, \"tags\": {\"SS\": [\"a\", \"b\"]}}";
    }

    @Test
    void dynamodbAFailedConditionalPutIsTheSameError() {
        String first = "{\"TableName\": \"guard-locks\", \"Item\": " + lockItem("conf/put", "alice") + "}";
        sameAnswer("PutItem", "PutItem", first);
        String taken = "{\"TableName\": \"guard-locks\", \"Item\": " + lockItem("conf/put", "carol") + ","
                + " \"ConditionExpression\": \"attribute_not_exists(LockID) OR #ttl < :now\","
                + " \"ExpressionAttributeNames\": {\"#ttl\": \"ttl\"},"
                + " \"ExpressionAttributeValues\": {\":now\": {\"N\": \"1800000000\"}}}";
        Map<String, Object> refused = sameAnswer("conditional PutItem on a held lock", "PutItem", taken);
        assertThat(refused.get("__type")).isEqualTo("com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException");
        assertThat(refused.get("message")).isEqualTo("The conditional request failed");

        String withItem =
                taken.substring(0, taken.length() - 1) + ", \"ReturnValuesOnConditionCheckFailure\": \"ALL_OLD\"}";
        Map<String, Object> told = sameAnswer("conditional PutItem returning the item", "PutItem", withItem);
        same(
                "the failed condition's item",
                told.get("Item"),
                json(dynamodb(motoSide, "PutItem", withItem)).get("Item"));
        assertThat(told).containsKey("Item");
    }

    @Test
    void dynamodbGetUpdateDeleteAnswerTheSameItems() {
        sameAnswer(
                "PutItem",
                "PutItem",
                "{\"TableName\": \"guard-locks\", \"Item\": " + lockItem("conf/items", "alice") + "}");
        String key = "\"Key\": {\"LockID\": {\"S\": \"conf/items\"}}";
        String get = "{\"TableName\": \"guard-locks\", " + key + ", \"ConsistentRead\": true}";
        Map<String, Object> got = sameAnswer("GetItem", "GetItem", get);
        same(
                "GetItem: item",
                got.get("Item"),
                json(dynamodb(motoSide, "GetItem", get)).get("Item"));

        String update = "{\"TableName\": \"guard-locks\", " + key + ","
                + " \"UpdateExpression\": \"SET #ttl = #ttl + :more, beats = if_not_exists(beats, :zero) + :one REMOVE ok\","
                + " \"ConditionExpression\": \"holder = :me AND attribute_exists(LockID)\","
                + " \"ExpressionAttributeNames\": {\"#ttl\": \"ttl\"},"
                + " \"ExpressionAttributeValues\": {\":more\": {\"N\": \"60\"}, \":zero\": {\"N\": \"0\"},"
                + " \":one\": {\"N\": \"1\"}, \":me\": {\"S\": \"alice\"}}, \"ReturnValues\": \"ALL_NEW\"}";
        Raw s = dynamodb(sandbox, "UpdateItem", update);
        Raw m = dynamodb(motoSide, "UpdateItem", update);
        same("UpdateItem ALL_NEW: status", s.status(), m.status());
        same("UpdateItem ALL_NEW: attributes", json(s).get("Attributes"), json(m).get("Attributes"));

        String wrongHolder = update.replace("\"S\": \"alice\"", "\"S\": \"carol\"");
        sameAnswer("UpdateItem by another holder", "UpdateItem", wrongHolder);

        String delete = "{\"TableName\": \"guard-locks\", " + key + ", \"ReturnValues\": \"ALL_OLD\"}";
        s = dynamodb(sandbox, "DeleteItem", delete);
        m = dynamodb(motoSide, "DeleteItem", delete);
        same("DeleteItem ALL_OLD: attributes", json(s).get("Attributes"), json(m).get("Attributes"));
        Map<String, Object> gone = sameAnswer("GetItem after DeleteItem", "GetItem", get);
        assertThat(gone).doesNotContainKey("Item");
    }

    @Test
    void dynamodbAMissingKeyIsTheSameValidationException() {
        String noKey = "{\"TableName\": \"guard-locks\", \"Item\": {\"holder\": {\"S\": \"alice\"}}}";
        Raw s = dynamodb(sandbox, "PutItem", noKey);
        Raw m = dynamodb(motoSide, "PutItem", noKey);
        same("PutItem without its key: status", s.status(), m.status());
        same("PutItem without its key: __type", json(s).get("__type"), json(m).get("__type"));
        same("PutItem without its key: message", json(s).get("message"), json(m).get("message"));
    }

    /** A JSON 1.0 request signed by the SDK's own signer, sent raw so the body is read as written. */
    private static Raw sendJson(Side side, AwsCredentials credentials, String operation, String json) {
        byte[] payload = json.getBytes(StandardCharsets.UTF_8);
        SdkHttpFullRequest unsigned = SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(side.endpoint())
                .encodedPath("/")
                .putHeader("Content-Type", "application/x-amz-json-1.0")
                .putHeader("X-Amz-Target", "DynamoDB_20120810." + operation)
                .build();
        var signed = AwsV4HttpSigner.create()
                .sign(r -> r.identity(credentials)
                        .request(unsigned)
                        .payload(() -> new ByteArrayInputStream(payload))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "dynamodb")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1"));
        HttpRequest.Builder http = HttpRequest.newBuilder(signed.request().getUri())
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofByteArray(payload));
        signed.request().forEachHeader((name, values) -> {
            if (!name.equalsIgnoreCase("host") && !name.equalsIgnoreCase("content-length")) {
                values.forEach(v -> http.header(name, v));
            }
        });
        try {
            HttpResponse<String> response = HTTP.send(http.build(), HttpResponse.BodyHandlers.ofString());
            return new Raw(response.statusCode(), response.headers().map(), response.body());
        } catch (IOException e) {
            throw new IllegalStateException(side.name() + " did not answer DynamoDB " + operation, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------- EC2 tags (query protocol)

    private static AwsCredentials sandboxEc2;

    /** alice's PrivilegedActionsRole session in development: its Tags statement allows CreateTags/DeleteTags. */
    private static synchronized AwsCredentials sandboxEc2() {
        if (sandboxEc2 == null) {
            fixture.nextTotpStep(); // start() used alice's current code, which is refused a second time
            sandboxEc2 = fixture.privilegedRole("222222222222");
        }
        return sandboxEc2;
    }

    private static Raw ec2(Side side, String form) {
        return send(side, "ec2", SdkHttpMethod.POST, "/", Map.of(), form + "&Version=2016-11-15");
    }

    /** A fresh untagged instance on each side, so both start from the same tags. */
    private static String launch(Side side) {
        Raw run = ec2(side, "Action=RunInstances&ImageId=ami-0123456789abcdef0&MinCount=1&MaxCount=1");
        assertThat(run.status())
                .as(side.name() + " RunInstances: " + run.body())
                .isEqualTo(200);
        return text(run.body(), "instanceId");
    }

    /**
     * AWS documents {@code <return>true</return>} in Create/DeleteTagsResponse (and the sandbox
     * answers it); moto 5 leaves it out. Every other element must agree.
     */
    private static Set<String> withoutReturn(Set<String> shape, String action) {
        return without(shape, action + "Response/return");
    }

    @Test
    void ec2CreateDeleteAndDescribeTagsAnswerInTheSameShapes() {
        Map<Side, String> ids = Map.of(sandbox, launch(sandbox), motoSide, launch(motoSide));
        for (String action : List.of("CreateTags", "DeleteTags")) {
            Function<Side, Raw> call = side -> ec2(
                    side, "Action=" + action + "&ResourceId.1=" + ids.get(side) + "&Tag.1.Key=team&Tag.1.Value=web");
            Raw s = call.apply(sandbox);
            Raw m = call.apply(motoSide);
            same(action + ": status", s.status(), m.status());
            same(
                    action + ": XML elements",
                    withoutReturn(elements(s.body()), action),
                    withoutReturn(elements(m.body()), action),
                    s,
                    m);
            assertThat(text(s.body(), "return")).isEqualTo("true");
        }
        Function<Side, String> tagThenDescribe = side -> {
            ec2(side, "Action=CreateTags&ResourceId.1=" + ids.get(side) + "&Tag.1.Key=owner&Tag.1.Value=ops");
            return ec2(side, "Action=DescribeTags&Filter.1.Name=resource-id&Filter.1.Value.1=" + ids.get(side))
                    .body();
        };
        String s = tagThenDescribe.apply(sandbox);
        String m = tagThenDescribe.apply(motoSide);
        same(
                "DescribeTags: XML elements",
                elements(s),
                elements(m),
                new Raw(200, Map.of(), s),
                new Raw(200, Map.of(), m));
        same("DescribeTags: key", text(s, "key"), text(m, "key"));
        same("DescribeTags: value", text(s, "value"), text(m, "value"));
        same("DescribeTags: resourceType", text(s, "resourceType"), text(m, "resourceType"));
    }

    @Test
    void ec2TagRefusalsAreTheSameErrors() {
        Map<Side, String> ids = Map.of(sandbox, launch(sandbox), motoSide, launch(motoSide));
        StringBuilder fifty = new StringBuilder();
        for (int n = 1; n <= 50; n++) {
            fifty.append("&Tag.")
                    .append(n)
                    .append(".Key=k")
                    .append(n)
                    .append("&Tag.")
                    .append(n)
                    .append(".Value=v");
        }
        Map<String, Function<Side, String>> cases = new java.util.LinkedHashMap<>();
        cases.put(
                "an AMI that does not exist",
                side -> "Action=CreateTags&ResourceId.1=ami-0123456789abcdef0&Tag.1.Key=a&Tag.1.Value=b");
        cases.put(
                "a volume that does not exist",
                side -> "Action=CreateTags&ResourceId.1=vol-0123456789abcdef0&Tag.1.Key=a&Tag.1.Value=b");
        cases.put(
                "an id of no resource type",
                side -> "Action=CreateTags&ResourceId.1=web-server&Tag.1.Key=a&Tag.1.Value=b");
        cases.put("no resource id", side -> "Action=CreateTags&Tag.1.Key=a&Tag.1.Value=b");
        cases.put("fifty tags, allowed", side -> "Action=CreateTags&ResourceId.1=" + ids.get(side) + fifty);
        cases.put(
                "a fifty-first tag",
                side -> "Action=CreateTags&ResourceId.1=" + ids.get(side) + "&Tag.1.Key=one-more&Tag.1.Value=x");
        cases.forEach((what, form) -> {
            Raw s = ec2(sandbox, form.apply(sandbox));
            Raw m = ec2(motoSide, form.apply(motoSide));
            same("CreateTags with " + what + ": status", s.status(), m.status());
            same("CreateTags with " + what + ": Code", text(s.body(), "Code"), text(m.body(), "Code"));
            same("CreateTags with " + what + ": Message", text(s.body(), "Message"), text(m.body(), "Message"));
            if (s.status() != 200) {
                same("CreateTags with " + what + ": error XML elements", elements(s.body()), elements(m.body()), s, m);
            }
        });
    }

    // ---------------------------------------------------------------- raw XML shapes

    @Test
    void rawListObjectsV2PageOneHasTheSameElements() {
        Raw[] page1 = rawListingPageOne("conformance/raw1/");
        Raw s = page1[0];
        Raw m = page1[1];
        same("raw ListObjectsV2 page 1: status", s.status(), m.status());
        same(
                "raw ListObjectsV2 page 1: XML elements (ChecksumAlgorithm aside, see its own test)",
                without(elements(s.body()), CHECKSUM_ALGORITHM),
                without(elements(m.body()), CHECKSUM_ALGORITHM),
                s,
                m);
    }

    @Test
    void rawListObjectsV2PageTwoHasTheSameElements() {
        Map<String, String> query = listQuery("conformance/raw2/");
        Raw[] page1 = rawListingPageOne("conformance/raw2/");
        String sToken = text(page1[0].body(), "NextContinuationToken");
        String mToken = text(page1[1].body(), "NextContinuationToken");
        assertThat(sToken)
                .as("sandbox page 1 NextContinuationToken:%n%s", page1[0].body())
                .isNotBlank();
        assertThat(mToken)
                .as("moto page 1 NextContinuationToken:%n%s", page1[1].body())
                .isNotBlank();
        Raw s = send(sandbox, "s3", SdkHttpMethod.GET, "/" + BUCKET, with(query, "continuation-token", sToken), null);
        Raw m = send(motoSide, "s3", SdkHttpMethod.GET, "/" + BUCKET, with(query, "continuation-token", mToken), null);
        same("raw ListObjectsV2 page 2: status", s.status(), m.status());
        // AWS documents ContinuationToken in the answer whenever the request carried one; moto 5.x
        // leaves it out (moto's gap, not the sandbox's), so the sandbox is held to the documented
        // shape and the element is left out of the cross-comparison.
        assertThat(elements(s.body()))
                .as("sandbox page 2 echoes ContinuationToken as AWS documents:%n%s", s.body())
                .contains(CONTINUATION_TOKEN);
        same(
                "raw ListObjectsV2 page 2: XML elements (ContinuationToken and ChecksumAlgorithm aside)",
                without(elements(s.body()), Set.of(CONTINUATION_TOKEN, CHECKSUM_ALGORITHM)),
                without(elements(m.body()), Set.of(CONTINUATION_TOKEN, CHECKSUM_ALGORITHM)),
                s,
                m);
    }

    @Test
    void listingNamesTheChecksumAlgorithmOfObjectsUploadedWithAChecksum() {
        // The SDK (2.30+) sends x-amz-checksum-crc32 with every PutObject. AWS then lists the
        // object with <ChecksumAlgorithm>CRC32</ChecksumAlgorithm> in its <Contents> (ListObjectsV2
        // API reference: Contents/ChecksumAlgorithm), as moto does.
        Raw[] page1 = rawListingPageOne("conformance/raw3/");
        assertThat(elements(page1[1].body()))
                .as("moto lists ChecksumAlgorithm:%n%s", page1[1].body())
                .contains(CHECKSUM_ALGORITHM);
        same(
                "ChecksumAlgorithm of a listed object",
                text(page1[0].body(), "ChecksumAlgorithm"),
                text(page1[1].body(), "ChecksumAlgorithm"));
    }

    @Test
    void listingTimestampsHaveMillisecondPrecision() {
        // AWS writes S3 XML timestamps as ISO 8601 with exactly three fractional digits
        // (<LastModified>2009-10-12T17:50:30.000Z</LastModified> in the API reference), as moto does.
        Raw[] page1 = rawListingPageOne("conformance/raw4/");
        String awsShape = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z";
        assertThat(text(page1[1].body(), "LastModified"))
                .as("moto LastModified:%n%s", page1[1].body())
                .matches(awsShape);
        assertThat(text(page1[0].body(), "LastModified"))
                .as(
                        "sandbox LastModified differs in shape from moto's %s:%n%s",
                        text(page1[1].body(), "LastModified"), page1[0].body())
                .matches(awsShape);
    }

    private static Map<String, String> listQuery(String prefix) {
        return Map.of("list-type", "2", "prefix", prefix, "max-keys", "1");
    }

    /** Writes two objects under {@code prefix} on both sides and lists one: [sandbox, moto]. */
    private static Raw[] rawListingPageOne(String prefix) {
        for (Side side : sides()) {
            S3Client s3 = side.s3();
            s3.putObject(r -> r.bucket(BUCKET).key(prefix + "a.txt"), RequestBody.fromString("a"));
            s3.putObject(r -> r.bucket(BUCKET).key(prefix + "b.txt"), RequestBody.fromString("b"));
        }
        return new Raw[] {
            send(sandbox, "s3", SdkHttpMethod.GET, "/" + BUCKET, listQuery(prefix), null),
            send(motoSide, "s3", SdkHttpMethod.GET, "/" + BUCKET, listQuery(prefix), null)
        };
    }

    @Test
    void rawNoSuchKeyErrorBodyHasTheSameElements() {
        String path = "/" + BUCKET + "/conformance/raw/never-written.txt";
        Raw s = send(sandbox, "s3", SdkHttpMethod.GET, path, Map.of(), null);
        Raw m = send(motoSide, "s3", SdkHttpMethod.GET, path, Map.of(), null);
        same("raw NoSuchKey: status", s.status(), m.status());
        same("raw NoSuchKey: Code", text(s.body(), "Code"), text(m.body(), "Code"));
        // AWS's NoSuchKey error body carries <Key> (the requested key) after <Message>, as moto's does.
        same("raw NoSuchKey: error XML elements", elements(s.body()), elements(m.body()), s, m);
        same("raw NoSuchKey: Key", text(s.body(), "Key"), text(m.body(), "Key"));
    }

    @Test
    void rawNoSuchBucketErrorBodyHasTheSameElements() {
        Map<String, String> query = Map.of("list-type", "2");
        Raw s = send(sandbox, "s3", SdkHttpMethod.GET, "/" + MISSING_BUCKET, query, null);
        Raw m = send(motoSide, "s3", SdkHttpMethod.GET, "/" + MISSING_BUCKET, query, null);
        same("raw NoSuchBucket: status", s.status(), m.status());
        same("raw NoSuchBucket: Code", text(s.body(), "Code"), text(m.body(), "Code"));
        // AWS's NoSuchBucket error body carries <BucketName> (the requested bucket), as moto's does.
        same("raw NoSuchBucket: error XML elements", elements(s.body()), elements(m.body()), s, m);
        same("raw NoSuchBucket: BucketName", text(s.body(), "BucketName"), text(m.body(), "BucketName"));
    }

    // ---------------------------------------------------------------- helpers

    private static List<Side> sides() {
        return List.of(sandbox, motoSide);
    }

    private static String code(S3Exception e) {
        return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    }

    private static void same(String what, Object sandboxAnswer, Object motoAnswer) {
        assertThat(sandboxAnswer)
                .as("%s differs%n  sandbox: %s%n  moto:    %s", what, sandboxAnswer, motoAnswer)
                .isEqualTo(motoAnswer);
    }

    private static void same(String what, Set<String> sandboxShape, Set<String> motoShape, Raw s, Raw m) {
        assertThat(sandboxShape)
                .as(
                        "%s differ%n  only in sandbox: %s%n  only in moto:    %s%n  sandbox answered (%d): %s%n"
                                + "  moto answered (%d):    %s",
                        what,
                        without(sandboxShape, motoShape),
                        without(motoShape, sandboxShape),
                        s.status(),
                        s.body(),
                        m.status(),
                        m.body())
                .isEqualTo(motoShape);
    }

    /** Printed, not asserted: shape differences that are allowed (e.g. optional headers moto adds). */
    private static void report(String what, Set<String> sandboxShape, Set<String> motoShape) {
        if (!sandboxShape.equals(motoShape)) {
            System.out.printf(
                    "[conformance] %s (informational)%n  only in sandbox: %s%n  only in moto:    %s%n",
                    what, without(sandboxShape, motoShape), without(motoShape, sandboxShape));
        }
    }

    private static Set<String> without(Set<String> a, Set<String> b) {
        Set<String> out = new TreeSet<>(a);
        out.removeAll(b);
        return out;
    }

    private static Set<String> without(Set<String> a, String element) {
        return without(a, Set.of(element));
    }

    private static Map<String, String> with(Map<String, String> query, String name, String value) {
        var out = new java.util.TreeMap<>(query);
        out.put(name, value);
        return out;
    }

    /** The names of the SDK model fields that were parsed to a non-null, non-empty value. */
    private static Set<String> nonNullFields(SdkPojo pojo) {
        Set<String> out = new TreeSet<>();
        for (SdkField<?> field : pojo.sdkFields()) {
            Object value = field.getValueOrDefault(pojo);
            if (value == null
                    || value instanceof java.util.Collection<?> c && c.isEmpty()
                    || value instanceof software.amazon.awssdk.core.util.SdkAutoConstructList<?>
                    || value instanceof software.amazon.awssdk.core.util.SdkAutoConstructMap<?, ?>) {
                continue;
            }
            out.add(field.memberName());
        }
        return out;
    }

    /** Every element in the body as its path from the root ({@code Error/Code}), namespaces ignored. */
    static Set<String> elements(String xml) {
        Set<String> out = new TreeSet<>();
        if (xml == null || xml.isBlank()) {
            return out;
        }
        try {
            var factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            var doc = factory.newDocumentBuilder()
                    .parse(new ByteArrayInputStream(xml.strip().getBytes(StandardCharsets.UTF_8)));
            collect(doc.getDocumentElement(), "", out);
        } catch (Exception e) {
            fail("not XML: " + xml, e);
        }
        return out;
    }

    private static void collect(Element e, String parent, Set<String> out) {
        String path = parent + e.getLocalName();
        out.add(path);
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element child) {
                collect(child, path + "/", out);
            }
        }
    }

    private static String text(String xml, String element) {
        try {
            var factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            var doc = factory.newDocumentBuilder()
                    .parse(new ByteArrayInputStream(xml.strip().getBytes(StandardCharsets.UTF_8)));
            var nodes = doc.getElementsByTagName(element);
            return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent();
        } catch (Exception e) {
            return fail("not XML: " + xml, e);
        }
    }

    /**
     * A request signed with SigV4 by the SDK's own signer and sent with the JDK's HTTP client, so
     * the raw body can be read as the server wrote it.
     */
    private static Raw send(
            Side side, String service, SdkHttpMethod method, String path, Map<String, String> query, String form) {
        byte[] payload = form == null ? new byte[0] : form.getBytes(StandardCharsets.UTF_8);
        SdkHttpFullRequest.Builder builder =
                SdkHttpFullRequest.builder().method(method).uri(side.endpoint()).encodedPath(path);
        query.forEach(builder::putRawQueryParameter);
        if (form != null) {
            builder.putHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
        }
        if (service.equals("s3")) {
            builder.putHeader("x-amz-content-sha256", sha256Hex(payload));
        }
        SdkHttpFullRequest unsigned = builder.build();
        AwsCredentials credentials = service.equals("sts")
                ? side.stsCredentials()
                : service.equals("ec2") && side == sandbox ? sandboxEc2() : side.credentials();
        var signed = AwsV4HttpSigner.create()
                .sign(r -> r.identity(credentials)
                        .request(unsigned)
                        .payload(() -> new ByteArrayInputStream(payload))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                        .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, !service.equals("s3"))
                        .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, !service.equals("s3")));
        HttpRequest.Builder http = HttpRequest.newBuilder(signed.request().getUri())
                .timeout(Duration.ofSeconds(10))
                .method(
                        method.name(),
                        payload.length == 0
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(payload));
        signed.request().forEachHeader((name, values) -> {
            if (!name.equalsIgnoreCase("host") && !name.equalsIgnoreCase("content-length")) {
                values.forEach(v -> http.header(name, v));
            }
        });
        try {
            HttpResponse<String> response = HTTP.send(http.build(), HttpResponse.BodyHandlers.ofString());
            return new Raw(response.statusCode(), response.headers().map(), response.body());
        } catch (IOException e) {
            throw new IllegalStateException(side.name() + " did not answer " + method + " " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String sha256Hex(byte[] bytes) {
        try {
            return java.util.HexFormat.of()
                    .formatHex(
                            java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------- moto process

    private static Optional<Path> onPath(String name) {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    /** Polls moto until it answers any HTTP request, bounded by {@link #MOTO_START}. */
    private static void awaitAnswer(URI endpoint) throws Exception {
        long deadline = System.nanoTime() + MOTO_START.toNanos();
        HttpRequest ping = HttpRequest.newBuilder(endpoint.resolve("/moto-api/"))
                .timeout(Duration.ofSeconds(2))
                .GET()
                .build();
        while (System.nanoTime() < deadline) {
            if (!moto.isAlive()) {
                fail("moto_server exited with " + moto.exitValue() + " before answering:\n"
                        + Files.readString(motoLog));
            }
            try {
                HTTP.send(ping, HttpResponse.BodyHandlers.discarding());
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        fail("moto_server did not answer on " + endpoint + " within " + MOTO_START + ":\n" + Files.readString(motoLog));
    }
}
