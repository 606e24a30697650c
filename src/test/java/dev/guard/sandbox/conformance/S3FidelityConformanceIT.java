package dev.guard.sandbox.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.guard.json.Json;
import dev.guard.sandbox.SandboxFixture;
import dev.guard.sandbox.server.Journal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.Tag;

/**
 * S3 fidelity a reviewer found missing: the standard headers S3 keeps with an object, fetch-owner,
 * ListBuckets' unmodelled paging refused, restoring a version by copying it onto its key and the
 * permission its tags need, a malformed source version id, and the races of a tag change and a
 * PutObject, of two CreateBuckets and of UploadPart and AbortMultipartUpload — each through the
 * Java SDK v2 or the AWS CLI v2, checking the world after.
 */
class S3FidelityConformanceIT {
    private static final String BUCKET = "fidelity";
    private static final String SEED = """
            apiVersion: guard/v1
            kind: SandboxSeed
            accounts:
              - name: main
                id: "111111111111"
                users:
                  - name: admin
                    accessKeyId: AKIASANDBOXFIDADMIN1
                    secretAccessKey: SandboxOnlyFidelityAdminKeyDoNotUse00000
                    policies:
                      - name: S3
                        document:
                          Version: "2012-10-17"
                          Statement:
                            - Effect: Allow
                              Action: "s3:*"
                              Resource: "*"
                  - name: restorer
                    accessKeyId: AKIASANDBOXFIDRESTOR
                    secretAccessKey: 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
                    policies:
                      - name: CopyVersionsButNotTheirTags
                        document:
                          Version: "2012-10-17"
                          Statement:
                            - Effect: Allow
                              Action: ["s3:GetObject", "s3:GetObjectVersion", "s3:PutObject",
                                       "s3:GetObjectTagging", "s3:PutObjectTagging"]
                              Resource: "*"
              - name: other
                id: "222222222222"
                users:
                  - name: rival
                    accessKeyId: AKIASANDBOXFIDRIVAL1
                    secretAccessKey: SandboxOnlyFidelityRivalKeyDoNotUse00000
                    policies:
                      - name: S3
                        document:
                          Version: "2012-10-17"
                          Statement:
                            - Effect: Allow
                              Action: "s3:*"
                              Resource: "*"
                buckets: []
            """;

    private static SandboxFixture f;
    private static S3Client admin;
    private static Path dir;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("s3-fidelity-conformance");
        f = SandboxFixture.seeded(dir, SEED);
        admin = f.s3(f.keys("admin"));
        admin.createBucket(r -> r.bucket(BUCKET));
    }

    @AfterAll
    static void stop() throws Exception {
        if (admin != null) {
            admin.close();
        }
        if (f != null) {
            f.close();
        }
    }

    private static AwsCliV2.Run cli(String user, String... args) throws Exception {
        AwsCliV2.assumeInstalled();
        return new AwsCliV2(f.endpoint()).run(f.keys(user), args);
    }

    private static Journal.Entry lastEntry() {
        List<Journal.Entry> entries = f.sandbox.journal().entries();
        return entries.get(entries.size() - 1);
    }

    private static AwsServiceException refused(Runnable call) {
        AwsServiceException e = catchThrowableOfType(AwsServiceException.class, call::run);
        assertThat(e).as("refused").isNotNull();
        return e;
    }

    /** The world as the state file would hold it. */
    private static String world() {
        return Json.compact(f.sandbox.snapshot());
    }

    // ------------------------------------------------------------ content headers

    @Test
    void theStandardHeadersAreKeptAndAnsweredOnGetHeadCopyAndMultipart() throws Exception {
        Instant expires = Instant.parse("2030-01-01T00:00:00Z");
        admin.putObject(
                r -> r.bucket(BUCKET)
                        .key("h/put.txt")
                        .cacheControl("max-age=60")
                        .contentDisposition("attachment; filename=\"a.txt\"")
                        .contentEncoding("gzip")
                        .contentLanguage("de")
                        .expires(expires),
                RequestBody.fromString("body"));
        var head = admin.headObject(r -> r.bucket(BUCKET).key("h/put.txt"));
        assertThat(head.cacheControl()).isEqualTo("max-age=60");
        assertThat(head.contentDisposition()).isEqualTo("attachment; filename=\"a.txt\"");
        assertThat(head.contentEncoding()).isEqualTo("gzip");
        assertThat(head.contentLanguage()).isEqualTo("de");
        assertThat(head.expiresString()).isEqualTo("Tue, 01 Jan 2030 00:00:00 GMT");
        var got = admin.getObjectAsBytes(r -> r.bucket(BUCKET).key("h/put.txt")).response();
        assertThat(got.cacheControl()).isEqualTo("max-age=60");
        assertThat(got.contentLanguage()).isEqualTo("de");
        assertThat(world()).contains("\"contentHeaders\":{\"Cache-Control\":\"max-age=60\",\"Content-Disposition\"");

        // The CLI v2 sees them too.
        AwsCliV2.Run run = cli("admin", "s3api", "head-object", "--bucket", BUCKET, "--key", "h/put.txt");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out())
                .contains("\"CacheControl\": \"max-age=60\"", "\"ContentLanguage\": \"de\"", "\"ContentEncoding\"");

        // COPY keeps the source's; REPLACE takes the request's, as with metadata.
        admin.copyObject(r -> r.sourceBucket(BUCKET)
                .sourceKey("h/put.txt")
                .destinationBucket(BUCKET)
                .destinationKey("h/copy.txt"));
        assertThat(admin.headObject(r -> r.bucket(BUCKET).key("h/copy.txt")).cacheControl())
                .isEqualTo("max-age=60");
        admin.copyObject(r -> r.sourceBucket(BUCKET)
                .sourceKey("h/put.txt")
                .destinationBucket(BUCKET)
                .destinationKey("h/replaced.txt")
                .metadataDirective(MetadataDirective.REPLACE)
                .contentLanguage("fr"));
        var replaced = admin.headObject(r -> r.bucket(BUCKET).key("h/replaced.txt"));
        assertThat(replaced.contentLanguage()).isEqualTo("fr");
        assertThat(replaced.cacheControl()).isNull();

        String id = admin.createMultipartUpload(
                        r -> r.bucket(BUCKET).key("h/mp.txt").cacheControl("no-cache"))
                .uploadId();
        String etag = admin.uploadPart(
                        r -> r.bucket(BUCKET).key("h/mp.txt").uploadId(id).partNumber(1), RequestBody.fromString("p"))
                .eTag();
        admin.completeMultipartUpload(r -> r.bucket(BUCKET)
                .key("h/mp.txt")
                .uploadId(id)
                .multipartUpload(m ->
                        m.parts(CompletedPart.builder().partNumber(1).eTag(etag).build())));
        assertThat(admin.headObject(r -> r.bucket(BUCKET).key("h/mp.txt")).cacheControl())
                .isEqualTo("no-cache");

        // An object put without them has none (the SDK's own framing never shows as Content-Encoding).
        admin.putObject(r -> r.bucket(BUCKET).key("h/plain.txt"), RequestBody.fromString("plain"));
        var plain = admin.headObject(r -> r.bucket(BUCKET).key("h/plain.txt"));
        assertThat(plain.contentEncoding()).isNull();
        assertThat(plain.cacheControl()).isNull();
    }

    @Test
    void theCliKeepsTheHeadersItSends() throws Exception {
        Path file = dir.resolve("cli.txt");
        Files.writeString(file, "cli body");
        AwsCliV2.Run put = cli(
                "admin",
                "s3api",
                "put-object",
                "--bucket",
                BUCKET,
                "--key",
                "h/cli.txt",
                "--body",
                file.toString(),
                "--cache-control",
                "no-store",
                "--content-disposition",
                "inline",
                "--content-language",
                "en-GB");
        assertThat(put.exit()).as(put.err()).isZero();
        var head = admin.headObject(r -> r.bucket(BUCKET).key("h/cli.txt"));
        assertThat(head.cacheControl()).isEqualTo("no-store");
        assertThat(head.contentDisposition()).isEqualTo("inline");
        assertThat(head.contentLanguage()).isEqualTo("en-GB");
        assertThat(head.contentEncoding()).isNull();
    }

    // ------------------------------------------------------------ listings

    @Test
    void fetchOwnerAddsEachObjectsOwner() {
        admin.putObject(r -> r.bucket(BUCKET).key("owned.txt"), RequestBody.fromString("o"));
        var withOwner =
                admin.listObjectsV2(r -> r.bucket(BUCKET).prefix("owned").fetchOwner(true));
        assertThat(withOwner.contents())
                .singleElement()
                .satisfies(o -> assertThat(o.owner().id()).isEqualTo("111111111111"));
        var without = admin.listObjectsV2(r -> r.bucket(BUCKET).prefix("owned"));
        assertThat(without.contents())
                .singleElement()
                .satisfies(o -> assertThat(o.owner()).isNull());
    }

    @Test
    void listBucketsPagingAndFiltersAreNotImplemented() throws Exception {
        for (Runnable call : List.<Runnable>of(
                () -> admin.listBuckets(r -> r.maxBuckets(1)),
                () -> admin.listBuckets(r -> r.prefix("fid")),
                () -> admin.listBuckets(r -> r.continuationToken("abc")),
                () -> admin.listBuckets(r -> r.bucketRegion("us-east-1")))) {
            AwsServiceException e = refused(call);
            assertThat(e.statusCode()).isEqualTo(501);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NotImplemented");
            assertThat(lastEntry().mutated()).isFalse();
        }
        assertThat(admin.listBuckets().buckets()).extracting(b -> b.name()).contains(BUCKET);
    }

    // ------------------------------------------------------------ CopyObject of a version

    @Test
    void copyingAVersionOntoItsKeyRestoresIt() throws Exception {
        admin.createBucket(r -> r.bucket("fidelity-versions"));
        admin.putBucketVersioning(r -> r.bucket("fidelity-versions").versioningConfiguration(v -> v.status("Enabled")));
        String v1 = admin.putObject(r -> r.bucket("fidelity-versions").key("k"), RequestBody.fromString("one"))
                .versionId();
        admin.putObject(r -> r.bucket("fidelity-versions").key("k"), RequestBody.fromString("two"));

        AwsCliV2.Run run = cli(
                "admin",
                "s3api",
                "copy-object",
                "--bucket",
                "fidelity-versions",
                "--key",
                "k",
                "--copy-source",
                "fidelity-versions/k?versionId=" + v1);

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("\"CopySourceVersionId\": \"" + v1 + "\"");
        assertThat(admin.getObjectAsBytes(r -> r.bucket("fidelity-versions").key("k"))
                        .asUtf8String())
                .isEqualTo("one");
        assertThat(admin.listObjectVersions(r -> r.bucket("fidelity-versions")).versions())
                .hasSize(3);
        // Without a version, a copy onto itself still must change something.
        var self = refused(() -> admin.copyObject(r -> r.sourceBucket("fidelity-versions")
                .sourceKey("k")
                .destinationBucket("fidelity-versions")
                .destinationKey("k")));
        assertThat(self.awsErrorDetails().errorCode()).isEqualTo("InvalidRequest");
    }

    @Test
    void copyingAVersionsTagsNeedsGetObjectVersionTagging() {
        admin.createBucket(r -> r.bucket("fidelity-tagged"));
        admin.putBucketVersioning(r -> r.bucket("fidelity-tagged").versioningConfiguration(v -> v.status("Enabled")));
        String v1 = admin.putObject(
                        r -> r.bucket("fidelity-tagged").key("k").tagging("t=1"), RequestBody.fromString("one"))
                .versionId();
        try (S3Client restorer = f.s3(f.keys("restorer"))) {
            // The current version's tags: s3:GetObjectTagging, which the restorer has.
            restorer.copyObject(r -> r.sourceBucket("fidelity-tagged")
                    .sourceKey("k")
                    .destinationBucket("fidelity-tagged")
                    .destinationKey("current-copy"));
            AwsServiceException e = refused(() -> restorer.copyObject(r -> r.sourceBucket("fidelity-tagged")
                    .sourceKey("k")
                    .sourceVersionId(v1)
                    .destinationBucket("fidelity-tagged")
                    .destinationKey("version-copy")));
            assertThat(e.statusCode()).isEqualTo(403);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
            assertThat(lastEntry().action()).isEqualTo("s3:GetObjectVersionTagging");
            assertThat(lastEntry().mutated()).isFalse();
        }
        assertThat(admin.listObjectsV2(r -> r.bucket("fidelity-tagged")).contents())
                .extracting(o -> o.key())
                .containsExactly("current-copy", "k");
        admin.copyObject(r -> r.sourceBucket("fidelity-tagged")
                .sourceKey("k")
                .sourceVersionId(v1)
                .destinationBucket("fidelity-tagged")
                .destinationKey("version-copy"));
        assertThat(admin.getObjectTagging(r -> r.bucket("fidelity-tagged").key("version-copy"))
                        .tagSet())
                .containsExactly(Tag.builder().key("t").value("1").build());
    }

    @Test
    void aMalformedSourceVersionIdIsInvalidArgument() throws Exception {
        admin.putObject(r -> r.bucket(BUCKET).key("src.txt"), RequestBody.fromString("s"));
        String before = world();
        AwsCliV2.Run run = cli(
                "admin",
                "s3api",
                "copy-object",
                "--bucket",
                BUCKET,
                "--key",
                "bad-copy.txt",
                "--copy-source",
                BUCKET + "/src.txt?versionId=not-a-version");
        assertThat(run.exit()).as(run.err()).isEqualTo(254);
        assertThat(run.failedWith("InvalidArgument", "Invalid version id specified"))
                .as(run.err())
                .isTrue();
        assertThat(lastEntry().status()).isEqualTo(400);
        assertThat(lastEntry().mutated()).isFalse();
        assertThat(world()).isEqualTo(before);
    }

    // ------------------------------------------------------------ races

    @Test
    void aTagChangeNeverRevertsAnAcknowledgedPut() throws Exception {
        admin.putObject(r -> r.bucket(BUCKET).key("race.txt"), RequestBody.fromString("0"));
        AtomicBoolean done = new AtomicBoolean();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (S3Client tagger = f.s3(f.keys("admin"))) {
            Future<?> tagging = pool.submit(() -> {
                int i = 0;
                while (!done.get()) {
                    String n = Integer.toString(i++);
                    tagger.putObjectTagging(r -> r.bucket(BUCKET)
                            .key("race.txt")
                            .tagging(t ->
                                    t.tagSet(Tag.builder().key("n").value(n).build())));
                }
            });
            for (int i = 1; i <= 60; i++) {
                String body = Integer.toString(i);
                admin.putObject(r -> r.bucket(BUCKET).key("race.txt"), RequestBody.fromString(body));
                // Acknowledged: every read until the next put answers this body, whatever the tags.
                assertThat(admin.getObjectAsBytes(r -> r.bucket(BUCKET).key("race.txt"))
                                .asUtf8String())
                        .isEqualTo(body);
            }
            done.set(true);
            tagging.get();
        } finally {
            done.set(true);
            pool.shutdown();
        }
    }

    @Test
    void ofConcurrentCreateBucketsExactlyOneWinsAndKeepsTheBucket() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (S3Client rival = f.s3(f.keys("rival"))) {
            for (int round = 0; round < 10; round++) {
                String name = "fidelity-race-" + round;
                List<Callable<String>> creates = new ArrayList<>();
                for (S3Client client : List.of(admin, rival)) {
                    creates.add(() -> {
                        try {
                            client.createBucket(r -> r.bucket(name));
                            return "created";
                        } catch (S3Exception e) {
                            return e.awsErrorDetails().errorCode();
                        }
                    });
                }
                List<String> outcomes = new ArrayList<>();
                for (Future<String> r : pool.invokeAll(creates)) {
                    outcomes.add(r.get());
                }
                assertThat(outcomes).containsExactlyInAnyOrder("created", "BucketAlreadyExists");
                // The winner owns it and the loser did not replace it: only the winner lists it.
                boolean adminWon = outcomes.get(0).equals("created");
                assertThat(admin.listBuckets().buckets().stream()
                                .anyMatch(b -> b.name().equals(name)))
                        .isEqualTo(adminWon);
                assertThat(rival.listBuckets().buckets().stream()
                                .anyMatch(b -> b.name().equals(name)))
                        .isEqualTo(!adminWon);
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void aPartAfterAbortIsNoSuchUploadAndLeavesNothing() {
        String id = admin.createMultipartUpload(r -> r.bucket(BUCKET).key("mp-abort.txt"))
                .uploadId();
        admin.abortMultipartUpload(r -> r.bucket(BUCKET).key("mp-abort.txt").uploadId(id));
        String before = world();
        AwsServiceException e = refused(() -> admin.uploadPart(
                r -> r.bucket(BUCKET).key("mp-abort.txt").uploadId(id).partNumber(1),
                RequestBody.fromBytes("late".getBytes(StandardCharsets.UTF_8))));
        assertThat(e.statusCode()).isEqualTo(404);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NoSuchUpload");
        assertThat(lastEntry().mutated()).isFalse();
        assertThat(world()).isEqualTo(before).doesNotContain(id);
    }
}
