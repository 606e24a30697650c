package dev.guard.sandbox.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.guard.sandbox.SandboxFixture;
import dev.guard.sandbox.server.Journal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.Tag;

/**
 * S3's authorization and request integrity as AWS enforces them, through the AWS CLI v2 and the
 * Java SDK: DeleteObjects must carry a digest that matches its body (else nothing is deleted),
 * PutBucketPolicy/PutBucketVersioning check a Content-MD5 they are sent, bucket policies see S3's
 * own condition keys (an object's tags, a listing's prefix, an upload's encryption header), and a
 * read of a missing key is 403, not 404, for a caller who may not list the bucket. Every refusal is
 * checked in the world after and in the journal.
 */
class S3AuthorizationConformanceIT {
    private static final String BUCKET = "conf-auth";
    private static final String ENCRYPTED = "conf-enc";
    private static final String SEED = """
            apiVersion: guard/v1
            kind: SandboxSeed
            accounts:
              - name: main
                id: "111111111111"
                users:
                  - name: admin
                    accessKeyId: AKIASANDBOXAUTHADMIN
                    secretAccessKey: SandboxOnlyAuthAdminKeyDoNotUse000000000
                    policies:
                      - name: S3
                        document:
                          Version: "2012-10-17"
                          Statement:
                            - Effect: Allow
                              Action: "s3:*"
                              Resource: "*"
                  - name: reader
                    accessKeyId: AKIASANDBOXAUTHREADR
                    secretAccessKey: SandboxOnlyAuthReaderKeyDoNotUse00000000
                    policies:
                      - name: ReadWithoutList
                        document:
                          Version: "2012-10-17"
                          Statement:
                            - Effect: Allow
                              Action: ["s3:GetObject", "s3:GetObjectVersion"]
                              Resource: "*"
                buckets:
                  - name: conf-auth
                    objects: {public.txt: open, secret.txt: hidden, home/alice.txt: mine, docs/d.txt: doc}
                    policy:
                      Version: "2012-10-17"
                      Statement:
                        - Sid: DenySecretObjects
                          Effect: Deny
                          Principal: "*"
                          Action: s3:GetObject
                          Resource: arn:aws:s3:::conf-auth/*
                          Condition: {StringEquals: {"s3:ExistingObjectTag/class": secret}}
                        - Sid: DenyListingHomes
                          Effect: Deny
                          Principal: "*"
                          Action: s3:ListBucket
                          Resource: arn:aws:s3:::conf-auth
                          Condition: {StringLike: {"s3:prefix": "home/*"}}
                  - name: conf-enc
                    policy:
                      Version: "2012-10-17"
                      Statement:
                        - Sid: DenyUnencryptedUploads
                          Effect: Deny
                          Principal: "*"
                          Action: s3:PutObject
                          Resource: arn:aws:s3:::conf-enc/*
                          Condition: {StringNotEquals: {"s3:x-amz-server-side-encryption": AES256}}
            """;

    private static SandboxFixture f;
    private static S3Client admin;
    private static S3Client reader;
    private static Path dir;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("s3-auth-conformance");
        f = SandboxFixture.seeded(dir, SEED);
        admin = f.s3(f.keys("admin"));
        reader = f.s3(f.keys("reader"));
        admin.putObjectTagging(r -> r.bucket(BUCKET)
                .key("secret.txt")
                .tagging(
                        t -> t.tagSet(Tag.builder().key("class").value("secret").build())));
    }

    @AfterAll
    static void stop() {
        if (admin != null) {
            admin.close();
        }
        if (reader != null) {
            reader.close();
        }
        if (f != null) {
            f.close();
        }
    }

    private static AwsCliV2.Run cli(String user, String... args) throws Exception {
        assumeTrue(AwsCliV2.present(), "AWS CLI v2 not installed at /usr/bin/aws");
        AwsCredentials k = f.keys(user);
        return new AwsCliV2(f.endpoint()).run(AwsCliV2.credentials(k.accessKeyId(), k.secretAccessKey(), null), args);
    }

    private static void assertRefused(AwsCliV2.Run run, String code, String message) {
        assertThat(run.exit()).as(run.err()).isEqualTo(254);
        assertThat(run.errorCode()).as(run.err()).isEqualTo(code);
        assertThat(run.errorMessage()).isEqualTo(message);
    }

    private static S3Exception refused(Runnable call) {
        S3Exception e = catchThrowableOfType(S3Exception.class, call::run);
        assertThat(e).as("refused").isNotNull();
        return e;
    }

    private static Journal.Entry lastEntry() {
        List<Journal.Entry> entries = f.sandbox.journal().entries();
        return entries.get(entries.size() - 1);
    }

    /** The journal's last entry is a refusal that changed nothing, decided by {@code statement} if given. */
    private static void journaledRefusal(int status, String statement) {
        Journal.Entry last = lastEntry();
        assertThat(last.status()).isEqualTo(status);
        assertThat(last.mutated()).isFalse();
        if (statement != null) {
            assertThat(last.decidingStatement()).contains(statement);
        }
    }

    private static boolean exists(String bucket, String key) {
        try {
            admin.headObject(r -> r.bucket(bucket).key(key));
            return true;
        } catch (S3Exception e) {
            assertThat(e.statusCode()).isEqualTo(404);
            return false;
        }
    }

    private static String md5(String body) throws Exception {
        return Base64.getEncoder()
                .encodeToString(MessageDigest.getInstance("MD5").digest(body.getBytes(StandardCharsets.UTF_8)));
    }

    /** A request signed by admin as an SDK would sign it, with exactly the headers given. */
    private static HttpResponse<String> signed(
            String method, String pathAndQuery, String body, Map<String, String> headers) throws Exception {
        String path = pathAndQuery.contains("?") ? pathAndQuery.substring(0, pathAndQuery.indexOf('?')) : pathAndQuery;
        SdkHttpRequest.Builder request =
                SdkHttpRequest.builder().uri(f.endpoint()).encodedPath(path).method(SdkHttpMethod.fromValue(method));
        if (pathAndQuery.contains("?")) {
            request.putRawQueryParameter(pathAndQuery.substring(pathAndQuery.indexOf('?') + 1), List.of(""));
        }
        headers.forEach(request::putHeader);
        SignedRequest signed = AwsV4HttpSigner.create()
                .sign(r -> r.identity(f.keys("admin"))
                        .request(request.build())
                        .payload(ContentStreamProvider.fromUtf8String(body))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                        .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
                        .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, true));
        HttpRequest.Builder http = HttpRequest.newBuilder(URI.create(f.endpoint() + pathAndQuery))
                .method(method, HttpRequest.BodyPublishers.ofString(body));
        signed.request().forEachHeader((name, values) -> {
            if (!name.equalsIgnoreCase("host") && !name.equalsIgnoreCase("content-length")) {
                values.forEach(v -> http.header(name, v));
            }
        });
        return HttpClient.newHttpClient().send(http.build(), HttpResponse.BodyHandlers.ofString());
    }

    // ------------------------------------------------------------ request digests

    @Test
    void aBatchDeleteJudgesEachVersionByItsOwnVersionIdAsASingleDeleteDoes() {
        String bucket = "conf-version-deny";
        admin.createBucket(r -> r.bucket(bucket));
        admin.putBucketVersioning(r -> r.bucket(bucket).versioningConfiguration(v -> v.status("Enabled")));
        String kept = admin.putObject(r -> r.bucket(bucket).key("p"), RequestBody.fromString("one"))
                .versionId();
        String other = admin.putObject(r -> r.bucket(bucket).key("p"), RequestBody.fromString("two"))
                .versionId();
        admin.putBucketPolicy(r -> r.bucket(bucket).policy("""
                {"Version":"2012-10-17","Statement":[{"Sid":"ProtectOne","Effect":"Deny","Principal":"*",
                 "Action":"s3:DeleteObjectVersion","Resource":"arn:aws:s3:::%s/p",
                 "Condition":{"StringEquals":{"s3:VersionId":"%s"}}}]}""".formatted(bucket, kept)));

        assertThat(refused(() -> admin.deleteObject(
                                r -> r.bucket(bucket).key("p").versionId(kept)))
                        .statusCode())
                .isEqualTo(403);
        var batch = admin.deleteObjects(r -> r.bucket(bucket)
                .delete(d -> d.objects(
                        ObjectIdentifier.builder().key("p").versionId(kept).build())));
        assertThat(batch.deleted()).isEmpty();
        assertThat(batch.errors())
                .singleElement()
                .satisfies(e -> assertThat(e.code()).isEqualTo("AccessDenied"));
        var allowed = admin.deleteObjects(r -> r.bucket(bucket)
                .delete(d -> d.objects(
                        ObjectIdentifier.builder().key("p").versionId(other).build())));
        assertThat(allowed.deleted())
                .singleElement()
                .satisfies(d -> assertThat(d.versionId()).isEqualTo(other));
        assertThat(admin.listObjectVersions(r -> r.bucket(bucket)).versions())
                .extracting(v -> v.versionId())
                .containsExactly(kept);
    }

    @Test
    void deleteObjectsWithoutADigestOrWithAWrongOneDeletesNothing() throws Exception {
        admin.putObject(r -> r.bucket(BUCKET).key("del/a.txt"), RequestBody.fromString("a"));
        String batch = "<Delete><Object><Key>del/a.txt</Key></Object></Delete>";
        HttpResponse<String> bare = signed("POST", "/" + BUCKET + "?delete", batch, Map.of());
        assertThat(bare.statusCode()).isEqualTo(400);
        assertThat(bare.body())
                .contains("<Code>InvalidRequest</Code>")
                .contains("<Message>Missing required header for this request: Content-MD5</Message>");
        journaledRefusal(400, null);
        HttpResponse<String> wrong =
                signed("POST", "/" + BUCKET + "?delete", batch, Map.of("Content-MD5", md5("another body")));
        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(wrong.body())
                .contains("<Code>BadDigest</Code>")
                .contains("<Message>The Content-MD5 you specified did not match what we received.</Message>");
        journaledRefusal(400, null);
        HttpResponse<String> crc =
                signed("POST", "/" + BUCKET + "?delete", batch, Map.of("x-amz-checksum-crc32", "AAAAAA=="));
        assertThat(crc.statusCode()).isEqualTo(400);
        assertThat(crc.body()).contains("<Code>BadDigest</Code>");
        assertThat(exists(BUCKET, "del/a.txt")).isTrue();
        // Right digests: a raw Content-MD5, and what the SDK and the CLI v2 send on their own.
        HttpResponse<String> right = signed("POST", "/" + BUCKET + "?delete", batch, Map.of("Content-MD5", md5(batch)));
        assertThat(right.statusCode()).isEqualTo(200);
        assertThat(exists(BUCKET, "del/a.txt")).isFalse();
        admin.putObject(r -> r.bucket(BUCKET).key("del/b.txt"), RequestBody.fromString("b"));
        var sdk = admin.deleteObjects(r -> r.bucket(BUCKET)
                .delete(d ->
                        d.objects(ObjectIdentifier.builder().key("del/b.txt").build())));
        assertThat(sdk.deleted()).extracting(o -> o.key()).containsExactly("del/b.txt");
        assertThat(exists(BUCKET, "del/b.txt")).isFalse();
        admin.putObject(r -> r.bucket(BUCKET).key("del/c.txt"), RequestBody.fromString("c"));
        AwsCliV2.Run run =
                cli("admin", "s3api", "delete-objects", "--bucket", BUCKET, "--delete", "Objects=[{Key=del/c.txt}]");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("\"Key\": \"del/c.txt\"");
        assertThat(exists(BUCKET, "del/c.txt")).isFalse();
    }

    @Test
    void aWrongContentMd5OnABucketConfigurationChangesNothing() throws Exception {
        String wrong = md5("another body");
        assertRefused(
                cli(
                        "admin",
                        "s3api",
                        "put-bucket-versioning",
                        "--bucket",
                        ENCRYPTED,
                        "--content-md5",
                        wrong,
                        "--versioning-configuration",
                        "Status=Enabled"),
                "BadDigest",
                "The Content-MD5 you specified did not match what we received.");
        journaledRefusal(400, null);
        assertThat(admin.getBucketVersioning(r -> r.bucket(ENCRYPTED)).statusAsString())
                .isNull();
        String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\","
                + "\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::conf-enc/*\"}]}";
        assertRefused(
                cli(
                        "admin",
                        "s3api",
                        "put-bucket-policy",
                        "--bucket",
                        ENCRYPTED,
                        "--content-md5",
                        wrong,
                        "--policy",
                        policy),
                "BadDigest",
                "The Content-MD5 you specified did not match what we received.");
        journaledRefusal(400, null);
        assertThat(admin.getBucketPolicy(r -> r.bucket(ENCRYPTED)).policy()).contains("DenyUnencryptedUploads");
    }

    // ------------------------------------------------------------ S3's condition keys

    @Test
    void aPolicyOnAnObjectsTagsRefusesReadingIt() throws Exception {
        S3Exception e =
                refused(() -> reader.getObjectAsBytes(r -> r.bucket(BUCKET).key("secret.txt")));
        assertThat(e.statusCode()).isEqualTo(403);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
        journaledRefusal(403, "conf-auth-policy#DenySecretObjects");
        assertThat(reader.getObjectAsBytes(r -> r.bucket(BUCKET).key("public.txt"))
                        .asUtf8String())
                .isEqualTo("open");
        Path out = dir.resolve("secret.out");
        assertRefused(
                cli("admin", "s3api", "get-object", "--bucket", BUCKET, "--key", "secret.txt", out.toString()),
                "AccessDenied",
                "Access Denied");
        journaledRefusal(403, "conf-auth-policy#DenySecretObjects");
        assertThat(out).doesNotExist();
    }

    @Test
    void aPolicyOnTheListingPrefixRefusesThatListing() throws Exception {
        S3Exception e = refused(() -> admin.listObjectsV2(r -> r.bucket(BUCKET).prefix("home/")));
        assertThat(e.statusCode()).isEqualTo(403);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
        journaledRefusal(403, "conf-auth-policy#DenyListingHomes");
        assertThat(admin.listObjectsV2(r -> r.bucket(BUCKET).prefix("docs/")).contents())
                .extracting(o -> o.key())
                .containsExactly("docs/d.txt");
        assertRefused(
                cli("admin", "s3api", "list-objects-v2", "--bucket", BUCKET, "--prefix", "home/"),
                "AccessDenied",
                "Access Denied");
        journaledRefusal(403, "conf-auth-policy#DenyListingHomes");
        AwsCliV2.Run docs = cli("admin", "s3api", "list-objects-v2", "--bucket", BUCKET, "--prefix", "docs/");
        assertThat(docs.exit()).as(docs.err()).isZero();
        assertThat(docs.out()).contains("docs/d.txt");
    }

    @Test
    void denyingUnencryptedUploadsRefusesThemAndStoresNothing() throws Exception {
        S3Exception e =
                refused(() -> admin.putObject(r -> r.bucket(ENCRYPTED).key("plain.txt"), RequestBody.fromString("p")));
        assertThat(e.statusCode()).isEqualTo(403);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
        journaledRefusal(403, "conf-enc-policy#DenyUnencryptedUploads");
        assertThat(exists(ENCRYPTED, "plain.txt")).isFalse();
        admin.putObject(
                r -> r.bucket(ENCRYPTED).key("sse.txt").serverSideEncryption(ServerSideEncryption.AES256),
                RequestBody.fromString("s"));
        assertThat(exists(ENCRYPTED, "sse.txt")).isTrue();
        Path file = dir.resolve("upload.txt");
        Files.writeString(file, "cli");
        String[] put = {"s3api", "put-object", "--bucket", ENCRYPTED, "--key", "cli.txt", "--body", file.toString()};
        assertRefused(cli("admin", put), "AccessDenied", "Access Denied");
        journaledRefusal(403, "conf-enc-policy#DenyUnencryptedUploads");
        assertThat(exists(ENCRYPTED, "cli.txt")).isFalse();
        String[] encrypted = java.util.stream.Stream.concat(
                        java.util.Arrays.stream(put), java.util.stream.Stream.of("--server-side-encryption", "AES256"))
                .toArray(String[]::new);
        AwsCliV2.Run ok = cli("admin", encrypted);
        assertThat(ok.exit()).as(ok.err()).isZero();
        assertThat(exists(ENCRYPTED, "cli.txt")).isTrue();
    }

    // ------------------------------------------------------------ missing keys

    @Test
    void aMissingKeyIsAccessDeniedWithoutListBucketAndNoSuchKeyWithIt() throws Exception {
        S3Exception get =
                refused(() -> reader.getObjectAsBytes(r -> r.bucket(BUCKET).key("nowhere.txt")));
        assertThat(get.statusCode()).isEqualTo(403);
        assertThat(get.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
        Journal.Entry last = lastEntry();
        assertThat(last.status()).isEqualTo(403);
        assertThat(last.action()).isEqualTo("s3:ListBucket");
        S3Exception head = refused(() -> reader.headObject(r -> r.bucket(BUCKET).key("nowhere.txt")));
        assertThat(head.statusCode()).isEqualTo(403);
        S3Exception listed =
                refused(() -> admin.getObjectAsBytes(r -> r.bucket(BUCKET).key("nowhere.txt")));
        assertThat(listed.statusCode()).isEqualTo(404);
        assertThat(listed.awsErrorDetails().errorCode()).isEqualTo("NoSuchKey");
        AwsCliV2.Run readerHead = cli("reader", "s3api", "head-object", "--bucket", BUCKET, "--key", "nowhere.txt");
        assertRefused(readerHead, "403", "Forbidden");
        assertRefused(
                cli("admin", "s3api", "head-object", "--bucket", BUCKET, "--key", "nowhere.txt"), "404", "Not Found");
        Path out = dir.resolve("missing.out");
        assertRefused(
                cli("reader", "s3api", "get-object", "--bucket", BUCKET, "--key", "nowhere.txt", out.toString()),
                "AccessDenied",
                "Access Denied");
        assertThat(reader.getObjectAsBytes(r -> r.bucket(BUCKET).key("public.txt"))
                        .asUtf8String())
                .isEqualTo("open");
    }
}
