package dev.guard.sandbox.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.guard.sandbox.SandboxFixture;
import dev.guard.sandbox.server.Journal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * S3 versioning and MFA Delete, as AWS answers them, through the AWS CLI v2 and the Java SDK: version
 * ids, delete markers, version-specific reads and deletes, ListObjectVersions, Suspended, and MFA
 * Delete with the root user's device. Every refusal is checked to have changed nothing (the
 * versions listed after, the journal). The shapes that moto_server models are compared with it.
 */
class S3VersioningConformanceIT {
    private static final String PRODUCTION = "444444444444";
    private static final String BUCKET = "conformance-versions";

    private SandboxFixture f;
    private S3Client root;
    private AwsCliV2 cli;

    @BeforeEach
    void start() throws Exception {
        f = new SandboxFixture();
        root = f.s3(f.rootKeys(PRODUCTION));
        cli = new AwsCliV2(f.endpoint());
        root.createBucket(r -> r.bucket(BUCKET));
    }

    @AfterEach
    void stop() {
        root.close();
        f.close();
    }

    private void enableVersioning() {
        root.putBucketVersioning(r -> r.bucket(BUCKET).versioningConfiguration(v -> v.status("Enabled")));
    }

    private String put(String key, String body) {
        return root.putObject(r -> r.bucket(BUCKET).key(key), RequestBody.fromString(body))
                .versionId();
    }

    /** {@code aws s3api put-bucket-versioning} of the bucket, then {@code more} (e.g. {@code --mfa}). */
    private AwsCliV2.Run putVersioning(AwsCredentials keys, String configuration, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of(
                "s3api", "put-bucket-versioning", "--bucket", BUCKET, "--versioning-configuration", configuration));
        args.addAll(List.of(more));
        return cli.run(keys, args.toArray(String[]::new));
    }

    private ListObjectVersionsResponse versions() {
        return root.listObjectVersions(r -> r.bucket(BUCKET));
    }

    private List<Journal.Entry> journal(String action) {
        return f.sandbox.journal().entries().stream()
                .filter(e -> e.action().equals(action))
                .toList();
    }

    // ---------------------------------------------------------------- the root user

    @Test
    void theRootUserIsTheAccountAndItsUserIdIsTheAccountId() throws Exception {
        AwsCliV2.assumeInstalled();
        var r = cli.run(f.rootKeys(PRODUCTION), "sts", "get-caller-identity");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("\"UserId\": \"444444444444\"")
                .contains("\"Account\": \"444444444444\"")
                .contains("\"Arn\": \"arn:aws:iam::444444444444:root\"");
    }

    // ---------------------------------------------------------------- versions through the CLI

    @Test
    void cliPutsVersionsReadsOneDeletesWithAMarkerAndRemovesTheMarker() throws Exception {
        AwsCliV2.assumeInstalled();
        AwsCredentials keys = f.rootKeys(PRODUCTION);
        var never = cli.run(keys, "s3api", "get-bucket-versioning", "--bucket", BUCKET);
        assertThat(never.exit()).isZero();
        assertThat(never.out().strip())
                .as("a bucket never versioned has no Status")
                .isEmpty();
        assertThat(putVersioning(keys, "Status=Enabled").exit()).isZero();
        String first = put("doc.txt", "one");
        String second = put("doc.txt", "two");
        assertThat(first).isNotEqualTo(second).matches("[A-Za-z0-9._]{32}");

        var old = cli.run(
                keys, "s3api", "get-object", "--bucket", BUCKET, "--key", "doc.txt", "--version-id", first, tempFile());
        assertThat(old.exit()).as(old.err()).isZero();
        assertThat(old.out()).contains("\"VersionId\": \"" + first + "\"");

        var deleted = cli.run(keys, "s3api", "delete-object", "--bucket", BUCKET, "--key", "doc.txt");
        assertThat(deleted.out()).contains("\"DeleteMarker\": true").contains("\"VersionId\"");
        var gone = cli.run(keys, "s3api", "get-object", "--bucket", BUCKET, "--key", "doc.txt", tempFile());
        assertThat(gone.failedWith("NoSuchKey", "The specified key does not exist."))
                .as(gone.err())
                .isTrue();

        var listed = cli.run(keys, "s3api", "list-object-versions", "--bucket", BUCKET);
        assertThat(listed.out()).contains("\"DeleteMarkers\"", first, second, "\"IsLatest\": true");
        String marker = versions().deleteMarkers().get(0).versionId();
        var unmarked =
                cli.run(keys, "s3api", "delete-object", "--bucket", BUCKET, "--key", "doc.txt", "--version-id", marker);
        assertThat(unmarked.out()).contains("\"DeleteMarker\": true", "\"VersionId\": \"" + marker + "\"");
        // The world: the marker is gone for good and the newest version is current again.
        assertThat(root.getObjectAsBytes(r -> r.bucket(BUCKET).key("doc.txt")).asUtf8String())
                .isEqualTo("two");
        assertThat(versions().deleteMarkers()).isEmpty();
        assertThat(journal("s3:DeleteObjectVersion"))
                .singleElement()
                .satisfies(e -> assertThat(e.mutated()).isTrue());
    }

    private static S3Exception refused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        return catchThrowableOfType(S3Exception.class, call);
    }

    private static String tempFile() throws java.io.IOException {
        var p = java.nio.file.Files.createTempFile("cli-get", ".out");
        p.toFile().deleteOnExit();
        return p.toString();
    }

    // ---------------------------------------------------------------- version ids through the SDK

    @Test
    void versionIdsAreCheckedNamedVersionsReadAndDeleteMarkersRefuseReads() {
        enableVersioning();
        String v1 = put("k", "one");
        root.deleteObject(r -> r.bucket(BUCKET).key("k"));
        String marker = versions().deleteMarkers().get(0).versionId();

        var malformed =
                refused(() -> root.getObject(r -> r.bucket(BUCKET).key("k").versionId("abc")));
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.awsErrorDetails().errorCode()).isEqualTo("InvalidArgument");
        assertThat(malformed.awsErrorDetails().errorMessage()).isEqualTo("Invalid version id specified");

        var unknown =
                refused(() -> root.getObject(r -> r.bucket(BUCKET).key("k").versionId("A".repeat(32))));
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.awsErrorDetails().errorCode()).isEqualTo("NoSuchVersion");

        var onMarker =
                refused(() -> root.getObject(r -> r.bucket(BUCKET).key("k").versionId(marker)));
        assertThat(onMarker.statusCode()).isEqualTo(405);
        assertThat(onMarker.awsErrorDetails().errorCode()).isEqualTo("MethodNotAllowed");
        assertThat(onMarker.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("x-amz-delete-marker"))
                .hasValue("true");

        var hidden = refused(() -> root.getObject(r -> r.bucket(BUCKET).key("k")));
        assertThat(hidden.statusCode()).isEqualTo(404);
        assertThat(hidden.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("x-amz-version-id"))
                .hasValue(marker);

        var read = root.headObject(r -> r.bucket(BUCKET).key("k").versionId(v1));
        assertThat(read.versionId()).isEqualTo(v1);
        assertThat(journal("s3:GetObjectVersion")).isNotEmpty();
        // None of the refused reads changed anything.
        assertThat(versions().versions()).extracting(v -> v.versionId()).containsExactly(v1);
    }

    @Test
    void deleteObjectsReportsVersionsAndMarkers() {
        enableVersioning();
        String v1 = put("a", "1");
        put("b", "2");
        var result = root.deleteObjects(r -> r.bucket(BUCKET)
                .delete(d -> d.objects(
                        ObjectIdentifier.builder().key("a").versionId(v1).build(),
                        ObjectIdentifier.builder().key("b").build(),
                        ObjectIdentifier.builder().key("c").versionId("abc").build())));
        assertThat(result.deleted()).hasSize(2);
        assertThat(result.deleted().get(0).versionId()).isEqualTo(v1);
        assertThat(result.deleted().get(0).deleteMarker()).isNull();
        assertThat(result.deleted().get(1).deleteMarker()).isTrue();
        assertThat(result.deleted().get(1).deleteMarkerVersionId()).isNotBlank();
        assertThat(result.errors()).singleElement().satisfies(e -> {
            assertThat(e.code()).isEqualTo("NoSuchVersion");
            assertThat(e.versionId()).isEqualTo("abc");
        });
        var after = versions();
        assertThat(after.versions()).extracting(v -> v.key()).containsExactly("b");
        assertThat(after.deleteMarkers()).extracting(m -> m.key()).containsExactly("b");
    }

    @Test
    void listObjectVersionsPagesWithKeyAndVersionIdMarkers() {
        enableVersioning();
        for (int i = 0; i < 3; i++) {
            put("a", "a" + i);
        }
        put("b/c", "c");
        List<String> seen = new java.util.ArrayList<>();
        String keyMarker = null;
        String versionMarker = null;
        ListObjectVersionsResponse page;
        do {
            String km = keyMarker;
            String vm = versionMarker;
            page = root.listObjectVersions(
                    r -> r.bucket(BUCKET).maxKeys(2).keyMarker(km).versionIdMarker(vm));
            page.versions().forEach(v -> seen.add(v.key() + "@" + v.isLatest()));
            keyMarker = page.nextKeyMarker();
            versionMarker = page.nextVersionIdMarker();
        } while (page.isTruncated());
        assertThat(seen).containsExactly("a@true", "a@false", "a@false", "b/c@true");

        var grouped = root.listObjectVersions(r -> r.bucket(BUCKET).delimiter("/"));
        assertThat(grouped.commonPrefixes()).extracting(p -> p.prefix()).containsExactly("b/");
        assertThat(grouped.versions()).extracting(v -> v.key()).containsOnly("a");

        var noKeyMarker =
                refused(() -> root.listObjectVersions(r -> r.bucket(BUCKET).versionIdMarker("null")));
        assertThat(noKeyMarker.statusCode()).isEqualTo(400);
        assertThat(noKeyMarker.awsErrorDetails().errorMessage())
                .isEqualTo("A version-id marker cannot be specified without a key marker.");
        assertThat(journal("s3:ListBucketVersions")).isNotEmpty();
    }

    @Test
    void suspendedBucketsWriteAndDeleteTheNullVersion() {
        put("k", "before");
        enableVersioning();
        String kept = put("k", "versioned");
        root.putBucketVersioning(r -> r.bucket(BUCKET).versioningConfiguration(v -> v.status("Suspended")));
        assertThat(root.getBucketVersioning(r -> r.bucket(BUCKET)).status())
                .isEqualTo(BucketVersioningStatus.SUSPENDED);
        assertThat(put("k", "suspended")).isEqualTo("null");
        var after = versions().versions();
        // The suspended write replaced the null version written before versioning; the other stays.
        assertThat(after).extracting(v -> v.versionId()).containsExactly("null", kept);
        assertThat(root.getObjectAsBytes(r -> r.bucket(BUCKET).key("k").versionId("null"))
                        .asUtf8String())
                .isEqualTo("suspended");
        var marker = root.deleteObject(r -> r.bucket(BUCKET).key("k"));
        assertThat(marker.deleteMarker()).isTrue();
        assertThat(marker.versionId()).isEqualTo("null");
        assertThat(versions().versions()).extracting(v -> v.versionId()).containsExactly(kept);
    }

    // ---------------------------------------------------------------- MFA Delete

    @Test
    void mfaDeleteNeedsTheRootUsersCodeToTurnOnAndForEveryPermanentDelete() throws Exception {
        AwsCliV2.assumeInstalled();
        AwsCredentials keys = f.rootKeys(PRODUCTION);
        enableVersioning();
        String v1 = put("k", "one");
        String turnOn = "Status=Enabled,MFADelete=Enabled";

        var noCode = putVersioning(keys, turnOn);
        assertThat(noCode.failedWith("AccessDenied", "Mfa Authentication must be used for this request"))
                .as(noCode.err())
                .isTrue();
        assertThat(root.getBucketVersioning(r -> r.bucket(BUCKET)).mfaDelete()).isNull();

        var malformed = putVersioning(keys, turnOn, "--mfa", "garbage");
        assertThat(malformed.failedWith("InvalidArgument", "Mfa header is invalid"))
                .as(malformed.err())
                .isTrue();

        String mfa = f.rootMfa(PRODUCTION);
        var on = putVersioning(keys, turnOn, "--mfa", mfa);
        assertThat(on.exit()).as(on.err()).isZero();
        assertThat(root.getBucketVersioning(r -> r.bucket(BUCKET)).mfaDeleteAsString())
                .isEqualTo("Enabled");

        // A code works once.
        var reused = putVersioning(keys, "Status=Suspended", "--mfa", mfa);
        assertThat(reused.failedWith("AccessDenied", "Mfa Authentication must be used"))
                .isTrue();
        assertThat(root.getBucketVersioning(r -> r.bucket(BUCKET)).status()).isEqualTo(BucketVersioningStatus.ENABLED);

        var unprotected = cli.run(keys, "s3api", "delete-object", "--bucket", BUCKET, "--key", "k", "--version-id", v1);
        assertThat(unprotected.failedWith("AccessDenied", "Mfa Authentication must be used"))
                .isTrue();
        assertThat(versions().versions()).extracting(v -> v.versionId()).containsExactly(v1);
        var batch = refused(() -> root.deleteObjects(r -> r.bucket(BUCKET)
                .delete(d -> d.objects(
                        ObjectIdentifier.builder().key("k").versionId(v1).build()))));
        assertThat(batch.statusCode()).isEqualTo(403);

        // A delete marker needs no MFA; a permanent delete with a fresh code of the root device does.
        assertThat(root.deleteObject(r -> r.bucket(BUCKET).key("k")).deleteMarker())
                .isTrue();
        f.nextTotpStep();
        var removed = cli.run(
                keys,
                "s3api",
                "delete-object",
                "--bucket",
                BUCKET,
                "--key",
                "k",
                "--version-id",
                v1,
                "--mfa",
                f.rootMfa(PRODUCTION));
        assertThat(removed.exit()).as(removed.err()).isZero();
        assertThat(versions().versions()).isEmpty();
        assertThat(f.sandbox.journal().entries().stream()
                        .filter(e -> e.status() == 403)
                        .noneMatch(Journal.Entry::mutated))
                .isTrue();
    }

    @Test
    void aUserOtherThanTheRootCannotUseMfaDelete() {
        enableVersioning();
        // Another account's root user, with its own valid code, is not the bucket owner's root.
        try (S3Client other = f.s3(f.rootKeys("222222222222"))) {
            var refused = refused(() -> other.putBucketVersioning(r -> r.bucket(BUCKET)
                    .mfa(f.rootMfa("222222222222"))
                    .versioningConfiguration(v -> v.status("Enabled").mfaDelete("Enabled"))));
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(refused.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
        }
        assertThat(root.getBucketVersioning(r -> r.bucket(BUCKET)).mfaDelete()).isNull();
    }

    @Test
    void versionsAndMfaDeleteSurviveARestartAndAUsedCodeStaysUsed(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.time.Instant start = java.time.Instant.now();
        String mfa;
        String v1;
        try (SandboxFixture first = new SandboxFixture(dir, start);
                S3Client s3 = first.s3(first.rootKeys(PRODUCTION))) {
            s3.createBucket(r -> r.bucket(BUCKET));
            s3.putBucketVersioning(r -> r.bucket(BUCKET).versioningConfiguration(v -> v.status("Enabled")));
            v1 = s3.putObject(r -> r.bucket(BUCKET).key("k"), RequestBody.fromString("1"))
                    .versionId();
            s3.deleteObject(r -> r.bucket(BUCKET).key("k"));
            mfa = first.rootMfa(PRODUCTION);
            s3.putBucketVersioning(r -> r.bucket(BUCKET)
                    .mfa(mfa)
                    .versioningConfiguration(v -> v.status("Enabled").mfaDelete("Enabled")));
        }
        try (SandboxFixture second = new SandboxFixture(dir, start);
                S3Client s3 = second.s3(second.rootKeys(PRODUCTION))) {
            var listed = s3.listObjectVersions(r -> r.bucket(BUCKET));
            assertThat(listed.versions()).extracting(v -> v.versionId()).containsExactly(v1);
            assertThat(listed.deleteMarkers()).hasSize(1);
            assertThat(s3.getBucketVersioning(r -> r.bucket(BUCKET)).mfaDeleteAsString())
                    .isEqualTo("Enabled");
            var reused = refused(() ->
                    s3.deleteObject(r -> r.bucket(BUCKET).key("k").versionId(v1).mfa(mfa)));
            assertThat(reused.statusCode()).isEqualTo(403);
            assertThat(s3.listObjectVersions(r -> r.bucket(BUCKET)).versions()).hasSize(1);
        }
    }

    // ---------------------------------------------------------------- compared with moto

    /** The same scenario on moto_server: the fields the SDK parsed agree where moto models them. */
    @Test
    void versionsAnswerTheSameFieldsAsMoto() throws Exception {
        try (MotoServer moto = MotoServer.required();
                S3Client m = S3Client.builder()
                        .endpointOverride(moto.endpoint())
                        .region(Region.US_EAST_1)
                        .forcePathStyle(true)
                        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                                "AKIAMOTOCONFORMANCE0", "any-secret-0000000000000000000000000000")))
                        .httpClientBuilder(UrlConnectionHttpClient.builder())
                        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                        .build()) {
            m.createBucket(r -> r.bucket(BUCKET));
            for (S3Client s3 : List.of(root, m)) {
                s3.putBucketVersioning(r -> r.bucket(BUCKET).versioningConfiguration(v -> v.status("Enabled")));
                s3.putObject(r -> r.bucket(BUCKET).key("x"), RequestBody.fromString("1"));
                s3.putObject(r -> r.bucket(BUCKET).key("x"), RequestBody.fromString("2"));
            }
            assertThat(shape(root)).isEqualTo(shape(m));
            var sandboxDelete = root.deleteObject(r -> r.bucket(BUCKET).key("x"));
            var motoDelete = m.deleteObject(r -> r.bucket(BUCKET).key("x"));
            assertThat(sandboxDelete.deleteMarker())
                    .isEqualTo(motoDelete.deleteMarker())
                    .isTrue();
            assertThat(sandboxDelete.versionId()).isNotBlank();
            assertThat(motoDelete.versionId()).isNotBlank();
            var listed = versions();
            var motoListed = m.listObjectVersions(r -> r.bucket(BUCKET));
            assertThat(listed.deleteMarkers()).hasSameSizeAs(motoListed.deleteMarkers());
            assertThat(listed.versions())
                    .extracting(v -> v.isLatest())
                    .isEqualTo(motoListed.versions().stream()
                            .map(v -> v.isLatest())
                            .toList());
            assertThat(root.getBucketVersioning(r -> r.bucket(BUCKET)).status())
                    .isEqualTo(m.getBucketVersioning(r -> r.bucket(BUCKET)).status());
        }
    }

    /** What a versioned bucket's listing says about each version, and the version id headers. */
    private static Set<String> shape(S3Client s3) {
        Set<String> out = new TreeSet<>();
        var listed = s3.listObjectVersions(r -> r.bucket(BUCKET));
        listed.versions()
                .forEach(v -> out.add(v.key() + " latest=" + v.isLatest() + " size=" + v.size()
                        + " class=" + v.storageClassAsString() + " etag="
                        + !v.eTag().isEmpty() + " owner="
                        + (v.owner() != null)));
        out.add("truncated=" + listed.isTruncated());
        out.add("get has version id="
                + (s3.getObjectAsBytes(r -> r.bucket(BUCKET).key("x"))
                                .response()
                                .versionId()
                        != null));
        return out;
    }
}
