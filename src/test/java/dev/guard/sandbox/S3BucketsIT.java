package dev.guard.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.guard.sandbox.seed.SeedLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * S3 bucket calls through the real SDK: CreateBucket, versioning (deletes leave markers),
 * batched DeleteObjects with per-key results. The seed's Operators get s3:* in their own account
 * here, from a copy of the bundled seed.
 */
class S3BucketsIT {
    private SandboxFixture f;

    @AfterEach
    void stop() {
        if (f != null) {
            f.close();
        }
    }

    private S3Client aliceInHerAccount(Path dir) throws Exception {
        String indent = " ".repeat(16);
        String listing = indent + "- Sid: ProtectedArtifactListing\n";
        String seed = Files.readString(Path.of("config/sandbox.yaml"))
                .replace(
                        listing,
                        indent + "- Sid: OwnBuckets\n"
                                + indent + "  Effect: Allow\n"
                                + indent + "  Action: s3:*\n"
                                + indent + "  Resource: [arn:aws:s3:::own-*, arn:aws:s3:::own-*/*]\n"
                                + listing);
        Path file = dir.resolve("seed.yaml");
        Files.writeString(file, seed);
        var loaded = SeedLoader.load(file);
        assertThat(loaded.problems().isEmpty())
                .as(loaded.problems().sorted().toString())
                .isTrue();
        f = new SandboxFixture(loaded.world().orElseThrow());
        return f.s3(f.keys("alice"));
    }

    @Test
    void aVersionedBucketKeepsDeletedObjectsBehindDeleteMarkers(@TempDir Path dir) throws Exception {
        S3Client s3 = aliceInHerAccount(dir);
        s3.createBucket(r -> r.bucket("own-versioned"));
        s3.putObject(r -> r.bucket("own-versioned").key("kept.txt"), RequestBody.fromString("kept"));
        // us-east-1's legacy answer to re-creating your own bucket: 200 OK, and nothing changes.
        s3.createBucket(r -> r.bucket("own-versioned"));
        assertThat(s3.getObjectAsBytes(r -> r.bucket("own-versioned").key("kept.txt"))
                        .asUtf8String())
                .isEqualTo("kept");
        assertThat(s3.getBucketVersioning(r -> r.bucket("own-versioned")).status())
                .isNull();
        s3.putBucketVersioning(
                r -> r.bucket("own-versioned").versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
        assertThat(s3.getBucketVersioning(r -> r.bucket("own-versioned")).status())
                .isEqualTo(BucketVersioningStatus.ENABLED);
        s3.putObject(r -> r.bucket("own-versioned").key("a.txt"), RequestBody.fromString("a"));
        assertThat(s3.deleteObject(r -> r.bucket("own-versioned").key("a.txt")).deleteMarker())
                .isTrue();
        assertThatThrownBy(() -> s3.getObject(r -> r.bucket("own-versioned").key("a.txt")))
                .satisfies(t -> assertThat(((S3Exception) t).awsErrorDetails().errorCode())
                        .isEqualTo("NoSuchKey"));
    }

    @Test
    void deleteObjectsAnswersPerKeyAndRefusesMoreThanAThousand(@TempDir Path dir) throws Exception {
        S3Client s3 = aliceInHerAccount(dir);
        s3.createBucket(r -> r.bucket("own-bulk"));
        for (int i = 0; i < 3; i++) {
            String key = "logs/" + i + ".txt";
            s3.putObject(r -> r.bucket("own-bulk").key(key), RequestBody.fromString("x"));
        }
        var result = s3.deleteObjects(r -> r.bucket("own-bulk")
                .delete(d -> d.objects(
                        ObjectIdentifier.builder().key("logs/0.txt").build(),
                        ObjectIdentifier.builder().key("logs/1.txt").build())));
        assertThat(result.deleted()).extracting(o -> o.key()).containsExactly("logs/0.txt", "logs/1.txt");
        assertThat(s3.listObjectsV2(r -> r.bucket("own-bulk")).keyCount()).isEqualTo(1);

        var quiet = s3.deleteObjects(r -> r.bucket("own-bulk")
                .delete(d -> d.quiet(true)
                        .objects(ObjectIdentifier.builder().key("logs/2.txt").build())));
        assertThat(quiet.deleted()).isEmpty();
        assertThat(quiet.errors()).isEmpty();

        List<ObjectIdentifier> tooMany = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            tooMany.add(ObjectIdentifier.builder().key("k" + i).build());
        }
        assertThatThrownBy(() -> s3.deleteObjects(r -> r.bucket("own-bulk").delete(d -> d.objects(tooMany))))
                .satisfies(t -> assertThat(((S3Exception) t).awsErrorDetails().errorCode())
                        .isEqualTo("MalformedXML"));
    }

    @Test
    void perKeyDenialsAreErrorsInTheResult(@TempDir Path dir) throws Exception {
        aliceInHerAccount(dir);
        // Alice's long-term keys carry no MFA: the protected bucket's policy refuses each key.
        var result = f.s3(f.keys("alice"))
                .deleteObjects(r -> r.bucket("guard-protected-artifacts")
                        .delete(d -> d.objects(ObjectIdentifier.builder()
                                .key("releases/current/manifest.json")
                                .build())));
        assertThat(result.errors())
                .singleElement()
                .satisfies(e -> assertThat(e.code()).isEqualTo("AccessDenied"));
        assertThat(f.sandbox.journal().anyMutation()).isFalse();
    }

    @Test
    void listBucketsNeedsListAllMyBucketsAndHonoursSessionPolicies() throws Exception {
        f = new SandboxFixture();
        // alice's own policies do not grant s3:ListAllMyBuckets: refused, as AWS does.
        assertThatThrownBy(() -> f.s3(f.keys("alice")).listBuckets())
                .satisfies(t -> assertThat(((S3Exception) t).awsErrorDetails().errorCode())
                        .isEqualTo("AccessDenied"));
        // The production role grants it: its account's buckets, and only those.
        List<String> names = f.s3(f.privilegedRole("444444444444")).listBuckets().buckets().stream()
                .map(b -> b.name())
                .toList();
        assertThat(names).contains("guard-protected-artifacts").doesNotContain("guard-approvals");
        // A session policy denying s3:* takes it away again.
        var limited = f.sts(f.keys("alice"))
                .assumeRole(r -> r.roleArn("arn:aws:iam::444444444444:role/PrivilegedActionsRole")
                        .roleSessionName("limited")
                        .serialNumber(f.serial("alice"))
                        .tokenCode(f.nextCode("alice"))
                        .policy("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"s3:*\","
                                + "\"Resource\":\"*\"},{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}"));
        assertThatThrownBy(() ->
                        f.s3(SandboxFixture.session(limited.credentials())).listBuckets())
                .satisfies(t -> assertThat(((S3Exception) t).awsErrorDetails().errorCode())
                        .isEqualTo("AccessDenied"));
    }
}
