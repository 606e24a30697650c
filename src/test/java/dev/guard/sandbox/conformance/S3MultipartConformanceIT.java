package dev.guard.sandbox.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.guard.sandbox.SandboxFixture;
import dev.guard.sandbox.server.Journal;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.ListPartsResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * S3 multipart upload as AWS answers it, through the AWS CLI v2 ({@code aws s3 cp} of a file over
 * its 8 MB multipart threshold, and the s3api calls for the refusals) and the Java SDK's own
 * multipart calls, compared with moto_server where moto models the same answer. Every test also
 * checks the world after: the stored object's bytes, that a failed or aborted upload stored
 * nothing, and what the journal recorded.
 */
class S3MultipartConformanceIT {
    private static final String BUCKET = "guard-protected-artifacts";
    private static final int MIB = 1024 * 1024;
    private static final String INVALID_PART = "One or more of the specified parts could not be found.  The part may"
            + " not have been uploaded, or the specified entity tag may not match the part's entity tag.";
    private static final String NO_SUCH_UPLOAD = "The specified upload does not exist. The upload ID may be invalid,"
            + " or the upload may have been aborted or completed.";

    private static SandboxFixture fixture;
    private static AwsCredentials session;
    private static S3Client s3;

    @BeforeAll
    static void start() throws Exception {
        fixture = new SandboxFixture();
        // alice's GetSessionToken(MFA) credentials: the bucket policy lets them write the bucket.
        session = SandboxFixture.session(fixture.sts(fixture.keys("alice"))
                .getSessionToken(r -> r.serialNumber(fixture.serial("alice")).tokenCode(fixture.nextCode("alice")))
                .credentials());
        s3 = fixture.s3(session);
    }

    @AfterAll
    static void stop() {
        if (s3 != null) {
            s3.close();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    // ---------------------------------------------------------------- AWS CLI v2

    @Test
    void cliCopyOfAFileOverTheThresholdIsAMultipartUploadThatStoresTheFile(@TempDir Path dir) throws Exception {
        AwsCliV2.assumeInstalled();
        byte[] bytes = random(20 * MIB + 123, 1);
        Path file = dir.resolve("artifact.bin");
        Files.write(file, bytes);
        int before = journal().size();

        AwsCliV2.Run run = aws("s3", "cp", "--only-show-errors", file.toString(), "s3://" + BUCKET + "/cli/a.bin");

        assertThat(run.exit()).as(run.err()).isZero();
        List<Journal.Entry> calls = journal().subList(before, journal().size());
        var stored = s3.getObjectAsBytes(r -> r.bucket(BUCKET).key("cli/a.bin"));
        assertThat(stored.asByteArray()).isEqualTo(bytes);
        // The CLI cuts 8 MiB parts: three of them, and S3's multipart ETag says so.
        assertThat(stored.response().eTag()).isEqualTo("\"" + multipartEtag(bytes, 8 * MIB) + "\"");
        assertThat(s3.listMultipartUploads(r -> r.bucket(BUCKET).prefix("cli/")).uploads())
                .isEmpty();
        assertThat(calls).hasSize(5); // create, three parts, complete
        assertThat(calls).allSatisfy(e -> {
            assertThat(e.action()).isEqualTo("s3:PutObject");
            assertThat(e.resource()).isEqualTo("arn:aws:s3:::" + BUCKET + "/cli/a.bin");
            assertThat(e.status()).isEqualTo(200);
            assertThat(e.mutated()).isTrue();
        });
    }

    @Test
    void cliRefusalsAreAwsErrorsAndAnAbortedUploadStoresNothing(@TempDir Path dir) throws Exception {
        AwsCliV2.assumeInstalled();
        String key = "cli/refused.bin";
        Path small = dir.resolve("small.bin");
        Files.write(small, random(1000, 2));
        AwsCliV2.Run created = aws("s3api", "create-multipart-upload", "--bucket", BUCKET, "--key", key);
        assertThat(created.exit()).as(created.err()).isZero();
        String id = field(created.out(), "UploadId");
        List<String> etags = new ArrayList<>();
        for (int part = 1; part <= 2; part++) {
            AwsCliV2.Run uploaded = aws(
                    "s3api",
                    "upload-part",
                    "--bucket",
                    BUCKET,
                    "--key",
                    key,
                    "--upload-id",
                    id,
                    "--part-number",
                    Integer.toString(part),
                    "--body",
                    small.toString());
            assertThat(uploaded.exit()).as(uploaded.err()).isZero();
            etags.add(field(uploaded.out(), "ETag").replace("\\\"", "\""));
        }
        String descending = parts(List.of(2, 1), List.of(etags.get(1), etags.get(0)));
        int before = journal().size();
        String ascending = parts(List.of(1, 2), etags);

        AwsCliV2.Run unordered = complete(key, id, descending);
        AwsCliV2.Run tooSmall = complete(key, id, ascending);
        AwsCliV2.Run aborted =
                aws("s3api", "abort-multipart-upload", "--bucket", BUCKET, "--key", key, "--upload-id", id);
        AwsCliV2.Run listed = aws("s3api", "list-parts", "--bucket", BUCKET, "--key", key, "--upload-id", id);

        assertThat(unordered.exit()).isNotZero();
        assertThat(unordered.err())
                .contains(
                        "(InvalidPartOrder)",
                        "The list of parts was not in ascending order. Parts must be ordered" + " by part number.");
        assertThat(tooSmall.err())
                .contains("(EntityTooSmall)", "Your proposed upload is smaller than the minimum allowed size");
        assertThat(aborted.exit()).as(aborted.err()).isZero();
        assertThat(listed.err()).contains("(NoSuchUpload)", NO_SUCH_UPLOAD);
        assertThat(aws("s3api", "head-object", "--bucket", BUCKET, "--key", key).err())
                .contains("(404)");
        // Both refused completes are in the journal, and neither changed anything.
        assertThat(journal().subList(before, journal().size()))
                .filteredOn(e -> e.status() == 400)
                .hasSize(2)
                .noneMatch(Journal.Entry::mutated);
    }

    // ---------------------------------------------------------------- Java SDK

    @Test
    void sdkMultipartCallsAnswerAsS3WithTheCompositeChecksumAndStoreTheParts() throws Exception {
        String key = "sdk/composite.bin";
        byte[] first = random(5 * MIB, 3);
        byte[] second = random(1234, 4);
        CreateMultipartUploadResponse created = s3.createMultipartUpload(r -> r.bucket(BUCKET)
                .key(key)
                .contentType("application/x-guard")
                .checksumAlgorithm(ChecksumAlgorithm.CRC32));
        assertThat(created.checksumAlgorithmAsString()).isEqualTo("CRC32");
        assertThat(created.checksumTypeAsString()).isEqualTo("COMPOSITE");
        String id = created.uploadId();
        UploadPartResponse p1 = part(key, id, 1, first);
        UploadPartResponse p2 = part(key, id, 2, second);
        assertThat(p1.eTag()).isEqualTo("\"" + md5Hex(first) + "\"");
        assertThat(p1.checksumCRC32()).isEqualTo(crc32(first));

        ListPartsResponse page =
                s3.listParts(r -> r.bucket(BUCKET).key(key).uploadId(id).maxParts(1));
        assertThat(page.isTruncated()).isTrue();
        assertThat(page.nextPartNumberMarker()).isEqualTo(1);
        assertThat(page.parts()).singleElement().satisfies(p -> {
            assertThat(p.size()).isEqualTo(5L * MIB);
            assertThat(p.checksumCRC32()).isEqualTo(crc32(first));
        });
        ListPartsResponse rest =
                s3.listParts(r -> r.bucket(BUCKET).key(key).uploadId(id).partNumberMarker(1));
        assertThat(rest.isTruncated()).isFalse();
        assertThat(rest.parts()).extracting(p -> p.partNumber()).containsExactly(2);
        assertThat(s3.listMultipartUploads(r -> r.bucket(BUCKET).prefix("sdk/composite"))
                        .uploads())
                .singleElement()
                .satisfies(u -> {
                    assertThat(u.uploadId()).isEqualTo(id);
                    assertThat(u.initiator().id()).isEqualTo("arn:aws:iam::111111111111:user/alice");
                });

        var done = s3.completeMultipartUpload(r -> r.bucket(BUCKET)
                .key(key)
                .uploadId(id)
                .multipartUpload(m -> m.parts(completed(1, p1), completed(2, p2))));

        String composite = compositeCrc32(first, second) + "-2";
        assertThat(done.eTag()).isEqualTo("\"" + etagOfParts(first, second) + "\"");
        assertThat(done.checksumCRC32()).isEqualTo(composite);
        assertThat(done.checksumTypeAsString()).isEqualTo("COMPOSITE");
        assertThat(done.versionId())
                .as("no version id in an unversioned bucket")
                .isNull();
        var stored = s3.getObjectAsBytes(r -> r.bucket(BUCKET).key(key).checksumMode("ENABLED"));
        assertThat(stored.asByteArray()).isEqualTo(concat(first, second));
        assertThat(stored.response().contentType()).isEqualTo("application/x-guard");
        assertThat(stored.response().checksumCRC32()).isEqualTo(composite);
        assertThat(stored.response().checksumTypeAsString()).isEqualTo("COMPOSITE");
        assertThat(s3.listMultipartUploads(r -> r.bucket(BUCKET).prefix("sdk/composite"))
                        .uploads())
                .isEmpty();
    }

    @Test
    void rangedReadsOfAMultipartObjectHonourIfMatchAsDownloadClientsUseIt() {
        // boto3's download_file reads a large object in ranges, each with If-Match of the first's ETag.
        String key = "sdk/conditional.bin";
        String id = s3.createMultipartUpload(r -> r.bucket(BUCKET).key(key)).uploadId();
        UploadPartResponse p1 = part(key, id, 1, random(64, 11));
        String etag = s3.completeMultipartUpload(
                        r -> r.bucket(BUCKET).key(key).uploadId(id).multipartUpload(m -> m.parts(plain(1, p1))))
                .eTag();

        var range = s3.getObjectAsBytes(
                r -> r.bucket(BUCKET).key(key).range("bytes=8-15").ifMatch(etag));
        S3Exception changed = catchThrowableOfType(
                S3Exception.class,
                () -> s3.getObjectAsBytes(
                        r -> r.bucket(BUCKET).key(key).range("bytes=8-15").ifMatch("\"other\"")));
        S3Exception unchanged = catchThrowableOfType(
                S3Exception.class,
                () -> s3.getObjectAsBytes(r -> r.bucket(BUCKET).key(key).ifNoneMatch(etag)));

        assertThat(range.asByteArray()).isEqualTo(java.util.Arrays.copyOfRange(random(64, 11), 8, 16));
        assertThat(changed.statusCode()).isEqualTo(412);
        assertThat(changed.awsErrorDetails().errorCode()).isEqualTo("PreconditionFailed");
        assertThat(unchanged.statusCode()).isEqualTo(304);
    }

    @Test
    void aCompletedUploadInAVersionedBucketIsANewVersion() {
        // The production account's root user makes its own bucket and turns versioning on.
        try (S3Client root = fixture.s3(fixture.rootKeys("444444444444"))) {
            String bucket = "guard-multipart-versions";
            root.createBucket(r -> r.bucket(bucket));
            root.putBucketVersioning(r -> r.bucket(bucket).versioningConfiguration(v -> v.status("Enabled")));
            String first = root.putObject(r -> r.bucket(bucket).key("v"), RequestBody.fromString("one"))
                    .versionId();
            String id =
                    root.createMultipartUpload(r -> r.bucket(bucket).key("v")).uploadId();
            UploadPartResponse p1 = root.uploadPart(
                    r -> r.bucket(bucket).key("v").uploadId(id).partNumber(1), RequestBody.fromString("two"));

            var done = root.completeMultipartUpload(
                    r -> r.bucket(bucket).key("v").uploadId(id).multipartUpload(m -> m.parts(plain(1, p1))));

            assertThat(done.versionId()).isNotBlank().isNotEqualTo(first);
            assertThat(root.listObjectVersions(r -> r.bucket(bucket)).versions())
                    .extracting(v -> v.versionId())
                    .containsExactly(done.versionId(), first);
            assertThat(root.getObjectAsBytes(r -> r.bucket(bucket).key("v")).asUtf8String())
                    .isEqualTo("two");
        }
    }

    @Test
    void aCompleteThatNamesAWrongPartIsInvalidPartAndStoresNothing() {
        String key = "sdk/wrong-part.bin";
        String id = s3.createMultipartUpload(r -> r.bucket(BUCKET).key(key)).uploadId();
        UploadPartResponse p1 = part(key, id, 1, random(100, 5));
        int before = journal().size();

        S3Exception wrongEtag = completeFails(
                key,
                id,
                CompletedPart.builder()
                        .partNumber(1)
                        .eTag("\"d41d8cd98f00b204e9800998ecf8427e\"")
                        .build());
        S3Exception unknownPart = completeFails(key, id, completed(7, p1));
        // The part's CRC32 named for an upload created without an algorithm: S3 finds no such part.
        S3Exception checksumOfNoAlgorithm = completeFails(key, id, completed(1, p1));
        S3Exception noParts = catchThrowableOfType(
                S3Exception.class,
                () -> s3.completeMultipartUpload(
                        r -> r.bucket(BUCKET).key(key).uploadId(id).multipartUpload(m -> m.parts(List.of()))));

        assertThat(wrongEtag.statusCode()).isEqualTo(400);
        assertThat(wrongEtag.awsErrorDetails().errorCode()).isEqualTo("InvalidPart");
        assertThat(wrongEtag.awsErrorDetails().errorMessage()).isEqualTo(INVALID_PART);
        assertThat(unknownPart.awsErrorDetails().errorCode()).isEqualTo("InvalidPart");
        assertThat(checksumOfNoAlgorithm.awsErrorDetails().errorCode()).isEqualTo("InvalidPart");
        assertThat(noParts.awsErrorDetails().errorCode()).isIn("InvalidRequest", "MalformedXML");
        assertThat(catchThrowableOfType(
                                S3Exception.class,
                                () -> s3.headObject(r -> r.bucket(BUCKET).key(key)))
                        .statusCode())
                .isEqualTo(404);
        assertThat(journal().subList(before, journal().size())).noneMatch(Journal.Entry::mutated);
        // The upload is still there, as in S3: a refused complete ends nothing.
        assertThat(s3.listParts(r -> r.bucket(BUCKET).key(key).uploadId(id)).parts())
                .hasSize(1);
        s3.abortMultipartUpload(r -> r.bucket(BUCKET).key(key).uploadId(id));
    }

    @Test
    void partNumbersOutsideOneToTenThousandAreInvalidArgument() {
        String key = "sdk/part-number.bin";
        String id = s3.createMultipartUpload(r -> r.bucket(BUCKET).key(key)).uploadId();
        S3Exception e = catchThrowableOfType(S3Exception.class, () -> part(key, id, 10_001, random(10, 6)));
        assertError(e, 400, "InvalidArgument", "Part number must be an integer between 1 and 10000, inclusive");
        assertThat(s3.listParts(r -> r.bucket(BUCKET).key(key).uploadId(id)).parts())
                .isEmpty();
        s3.abortMultipartUpload(r -> r.bucket(BUCKET).key(key).uploadId(id));
    }

    @Test
    void aPartWithAnotherChecksumThanTheUploadChoseIsRefused() {
        String key = "sdk/checksum-mismatch.bin";
        String id = s3.createMultipartUpload(r -> r.bucket(BUCKET).key(key).checksumAlgorithm(ChecksumAlgorithm.SHA256))
                .uploadId();
        S3Exception e = catchThrowableOfType(
                S3Exception.class,
                () -> s3.uploadPart(
                        r -> r.bucket(BUCKET)
                                .key(key)
                                .uploadId(id)
                                .partNumber(1)
                                .checksumAlgorithm(ChecksumAlgorithm.CRC32),
                        RequestBody.fromBytes(random(10, 7))));
        assertError(
                e,
                400,
                "InvalidRequest",
                "Checksum Type mismatch occurred, expected checksum Type: sha256, actual checksum Type:" + " crc32");
        assertThat(s3.listParts(r -> r.bucket(BUCKET).key(key).uploadId(id)).parts())
                .isEmpty();
        s3.abortMultipartUpload(r -> r.bucket(BUCKET).key(key).uploadId(id));
    }

    @Test
    void anUnknownUploadIdIsNoSuchUploadForEveryCallAsInMoto() {
        String key = "sdk/no-such-upload.bin";
        int before = journal().size();
        List<Runnable> calls = List.of(
                () -> s3.abortMultipartUpload(r -> r.bucket(BUCKET).key(key).uploadId("fakeid")),
                () -> s3.listParts(r -> r.bucket(BUCKET).key(key).uploadId("fakeid")),
                () -> s3.uploadPart(
                        r -> r.bucket(BUCKET).key(key).uploadId("fakeid").partNumber(1),
                        RequestBody.fromBytes(new byte[] {1})),
                () -> s3.completeMultipartUpload(r -> r.bucket(BUCKET)
                        .key(key)
                        .uploadId("fakeid")
                        .multipartUpload(m -> m.parts(CompletedPart.builder()
                                .partNumber(1)
                                .eTag("\"x\"")
                                .build()))));
        for (Runnable call : calls) {
            S3Exception e = catchThrowableOfType(S3Exception.class, call::run);
            assertError(e, 404, "NoSuchUpload", NO_SUCH_UPLOAD);
        }
        assertThat(journal().subList(before, journal().size())).hasSize(4).noneMatch(Journal.Entry::mutated);
    }

    @Test
    void motoAnswersNoSuchUploadForAbortAndListPartsAsTheSandboxDoes() throws Exception {
        String key = "sdk/no-such-upload.bin";
        // moto models NoSuchUpload for these two as S3 does (its UploadPart answers 500).
        withMoto(motoS3 -> {
            for (S3Client client : List.of(s3, motoS3)) {
                S3Exception abort = catchThrowableOfType(
                        S3Exception.class,
                        () -> client.abortMultipartUpload(
                                r -> r.bucket(BUCKET).key(key).uploadId("fakeid")));
                S3Exception list = catchThrowableOfType(
                        S3Exception.class,
                        () -> client.listParts(r -> r.bucket(BUCKET).key(key).uploadId("fakeid")));
                assertThat(List.of(abort.statusCode(), list.statusCode())).containsExactly(404, 404);
                assertThat(abort.awsErrorDetails().errorCode()).isEqualTo("NoSuchUpload");
                assertThat(list.awsErrorDetails().errorMessage()).isEqualTo(NO_SUCH_UPLOAD);
            }
        });
    }

    @Test
    void theAnswersHaveTheFieldsMotosHave() throws Exception {
        withMoto(motoS3 -> {
            List<Set<String>> created = new ArrayList<>();
            List<Set<String>> listedParts = new ArrayList<>();
            List<Set<String>> listedUploads = new ArrayList<>();
            for (S3Client client : List.of(s3, motoS3)) {
                String key = "shape/" + (client == s3 ? "sandbox" : "moto");
                var c = client.createMultipartUpload(r -> r.bucket(BUCKET).key(key));
                created.add(fields(c));
                client.uploadPart(
                        r -> r.bucket(BUCKET).key(key).uploadId(c.uploadId()).partNumber(1),
                        RequestBody.fromBytes(random(10, 8)));
                listedParts.add(
                        fields(client.listParts(r -> r.bucket(BUCKET).key(key).uploadId(c.uploadId()))));
                listedUploads.add(
                        fields(client.listMultipartUploads(r -> r.bucket(BUCKET).prefix(key))
                                .uploads()
                                .get(0)));
                client.abortMultipartUpload(r -> r.bucket(BUCKET).key(key).uploadId(c.uploadId()));
            }
            assertThat(created.get(0)).as("CreateMultipartUpload").isEqualTo(created.get(1));
            assertThat(listedParts.get(0)).as("ListParts").isEqualTo(listedParts.get(1));
            assertThat(listedUploads.get(0)).as("ListMultipartUploads' Upload").isEqualTo(listedUploads.get(1));
        });
    }

    @Test
    void uploadPartCopyIsNotImplementedAndChangesNothing() {
        String key = "sdk/part-copy.bin";
        String id = s3.createMultipartUpload(r -> r.bucket(BUCKET).key(key)).uploadId();
        int before = journal().size();
        S3Exception e = catchThrowableOfType(
                S3Exception.class,
                () -> s3.uploadPartCopy(r -> r.sourceBucket(BUCKET)
                        .sourceKey("releases/current/manifest.json")
                        .destinationBucket(BUCKET)
                        .destinationKey(key)
                        .uploadId(id)
                        .partNumber(1)));
        assertThat(e.statusCode()).isEqualTo(501);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NotImplemented");
        assertThat(s3.listParts(r -> r.bucket(BUCKET).key(key).uploadId(id)).parts())
                .isEmpty();
        assertThat(journal().subList(before, journal().size()).get(0).mutated()).isFalse();
        s3.abortMultipartUpload(r -> r.bucket(BUCKET).key(key).uploadId(id));
    }

    @Test
    void longTermKeysMayNotStartOrAbortAnUploadInTheMfaBucket() {
        // bob's own keys carry no MFA: the bucket policy's BoolIfExists Deny refuses every change.
        try (S3Client bob = fixture.s3(fixture.keys("bob"))) {
            int before = journal().size();
            S3Exception create = catchThrowableOfType(
                    S3Exception.class,
                    () -> bob.createMultipartUpload(r -> r.bucket(BUCKET).key("bob/x")));
            String id =
                    s3.createMultipartUpload(r -> r.bucket(BUCKET).key("bob/x")).uploadId();
            S3Exception abort = catchThrowableOfType(
                    S3Exception.class,
                    () -> bob.abortMultipartUpload(
                            r -> r.bucket(BUCKET).key("bob/x").uploadId(id)));
            assertThat(create.statusCode()).isEqualTo(403);
            assertThat(create.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
            assertThat(abort.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
            List<Journal.Entry> calls = journal().subList(before, journal().size());
            assertThat(calls.get(0).mutated()).isFalse();
            assertThat(calls.get(2).mutated()).isFalse();
            assertThat(calls.get(2).decidingStatement())
                    .hasValueSatisfying(s -> assertThat(s).contains("DenyObjectChangesWithoutMfa"));
            assertThat(s3.listMultipartUploads(r -> r.bucket(BUCKET).prefix("bob/"))
                            .uploads())
                    .extracting(u -> u.uploadId())
                    .containsExactly(id);
            s3.abortMultipartUpload(r -> r.bucket(BUCKET).key("bob/x").uploadId(id));
        }
    }

    @Test
    void anUploadInProgressSurvivesARestartWithAStateDirectory(@TempDir Path state) throws Exception {
        byte[] first = random(5 * MIB, 9);
        byte[] second = random(77, 10);
        String key = "state/kept.bin";
        String id;
        UploadPartResponse p1;
        try (SandboxFixture before = new SandboxFixture(state)) {
            S3Client client = before.s3(mfaSession(before));
            id = client.createMultipartUpload(r -> r.bucket(BUCKET).key(key)).uploadId();
            p1 = client.uploadPart(
                    r -> r.bucket(BUCKET).key(key).uploadId(id).partNumber(1), RequestBody.fromBytes(first));
        }
        // A clock one MFA step on: the restarted sandbox remembers the code the first one accepted.
        try (SandboxFixture after = new SandboxFixture(state, Instant.now().plusSeconds(30))) {
            S3Client client = after.s3(mfaSession(after));
            assertThat(client.listParts(r -> r.bucket(BUCKET).key(key).uploadId(id))
                            .parts())
                    .singleElement()
                    .satisfies(p -> assertThat(p.eTag()).isEqualTo(p1.eTag()));
            UploadPartResponse p2 = client.uploadPart(
                    r -> r.bucket(BUCKET).key(key).uploadId(id).partNumber(2), RequestBody.fromBytes(second));
            client.completeMultipartUpload(r ->
                    r.bucket(BUCKET).key(key).uploadId(id).multipartUpload(m -> m.parts(plain(1, p1), plain(2, p2))));
            assertThat(client.getObjectAsBytes(r -> r.bucket(BUCKET).key(key)).asByteArray())
                    .isEqualTo(concat(first, second));
        }
        // Completed: its parts' files are gone with it.
        try (var left = Files.list(state.resolve("uploads"))) {
            assertThat(left).isEmpty();
        }
    }

    // ---------------------------------------------------------------- helpers

    private static AwsCredentials mfaSession(SandboxFixture f) {
        return SandboxFixture.session(f.sts(f.keys("alice"))
                .getSessionToken(r -> r.serialNumber(f.serial("alice")).tokenCode(f.nextCode("alice")))
                .credentials());
    }

    private static void assertError(S3Exception e, int status, String code, String message) {
        assertThat(e.statusCode()).isEqualTo(status);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(message);
    }

    private static AwsCliV2.Run aws(String... args) throws Exception {
        return new AwsCliV2(fixture.endpoint()).run(session, args);
    }

    /** Runs {@code test} with an S3 client of a fresh moto_server holding the bucket; skipped without moto. */
    private static void withMoto(java.util.function.Consumer<S3Client> test) throws Exception {
        try (MotoServer moto = MotoServer.required();
                S3Client motoS3 = client(moto.endpoint().toString(), MotoServer.KEYS)) {
            motoS3.createBucket(r -> r.bucket(BUCKET));
            test.accept(motoS3);
        }
    }

    private static List<Journal.Entry> journal() {
        return fixture.sandbox.journal().entries();
    }

    private static AwsCliV2.Run complete(String key, String id, String parts) throws Exception {
        return aws(
                "s3api",
                "complete-multipart-upload",
                "--bucket",
                BUCKET,
                "--key",
                key,
                "--upload-id",
                id,
                "--multipart-upload",
                parts);
    }

    private static String parts(List<Integer> numbers, List<String> etags) {
        StringBuilder json = new StringBuilder("{\"Parts\": [");
        for (int i = 0; i < numbers.size(); i++) {
            json.append(i == 0 ? "" : ", ")
                    .append("{\"PartNumber\": ")
                    .append(numbers.get(i))
                    .append(", \"ETag\": ")
                    .append("\"" + etags.get(i).replace("\"", "\\\"") + "\"")
                    .append('}');
        }
        return json.append("]}").toString();
    }

    /** A string field of the CLI's JSON output, as printed (escapes kept). */
    private static String field(String json, String name) {
        Matcher m =
                Pattern.compile("\"" + name + "\": \"((?:[^\"\\\\]|\\\\.)*)\"").matcher(json);
        assertThat(m.find()).as("%s in %s", name, json).isTrue();
        return m.group(1);
    }

    private static UploadPartResponse part(String key, String id, int number, byte[] body) {
        return s3.uploadPart(
                r -> r.bucket(BUCKET).key(key).uploadId(id).partNumber(number), RequestBody.fromBytes(body));
    }

    private static CompletedPart completed(int number, UploadPartResponse part) {
        return CompletedPart.builder()
                .partNumber(number)
                .eTag(part.eTag())
                .checksumCRC32(part.checksumCRC32())
                .build();
    }

    /** A part named by number and ETag only: an upload created without a checksum algorithm wants no more. */
    private static CompletedPart plain(int number, UploadPartResponse part) {
        return CompletedPart.builder().partNumber(number).eTag(part.eTag()).build();
    }

    private static S3Exception completeFails(String key, String id, CompletedPart part) {
        return catchThrowableOfType(
                S3Exception.class,
                () -> s3.completeMultipartUpload(
                        r -> r.bucket(BUCKET).key(key).uploadId(id).multipartUpload(m -> m.parts(part))));
    }

    private static S3Client client(String endpoint, AwsCredentials credentials) {
        return S3Client.builder()
                .endpointOverride(java.net.URI.create(endpoint))
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    /** The names of the SDK model fields that were parsed to a value. */
    private static Set<String> fields(SdkPojo pojo) {
        Set<String> out = new TreeSet<>();
        for (SdkField<?> field : pojo.sdkFields()) {
            Object value = field.getValueOrDefault(pojo);
            if (value == null
                    || value instanceof software.amazon.awssdk.core.util.SdkAutoConstructList<?>
                    || value instanceof software.amazon.awssdk.core.util.SdkAutoConstructMap<?, ?>) {
                continue;
            }
            out.add(field.memberName());
        }
        return out;
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        return ByteBuffer.allocate(a.length + b.length).put(a).put(b).array();
    }

    private static String md5Hex(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
    }

    /** S3's multipart ETag: the MD5 of the parts' MD5s, then "-" and the part count. */
    private static String etagOfParts(byte[]... parts) throws Exception {
        MessageDigest md5 = MessageDigest.getInstance("MD5");
        for (byte[] part : parts) {
            md5.update(MessageDigest.getInstance("MD5").digest(part));
        }
        return HexFormat.of().formatHex(md5.digest()) + "-" + parts.length;
    }

    private static String multipartEtag(byte[] bytes, int partSize) throws Exception {
        List<byte[]> parts = new ArrayList<>();
        for (int at = 0; at < bytes.length; at += partSize) {
            parts.add(java.util.Arrays.copyOfRange(bytes, at, Math.min(bytes.length, at + partSize)));
        }
        return etagOfParts(parts.toArray(byte[][]::new));
    }

    private static String crc32(byte[] bytes) {
        return Base64.getEncoder().encodeToString(crc32Raw(bytes));
    }

    private static byte[] crc32Raw(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return ByteBuffer.allocate(4).putInt((int) crc.getValue()).array();
    }

    /** The CRC32 of the parts' raw CRC32s, base64: S3's composite checksum before its "-N". */
    private static String compositeCrc32(byte[]... parts) {
        ByteBuffer raw = ByteBuffer.allocate(4 * parts.length);
        for (byte[] part : parts) {
            raw.put(crc32Raw(part));
        }
        return crc32(raw.array());
    }
}
