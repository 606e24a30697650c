package dev.guard.action.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.guard.action.StepFailure;
import dev.guard.action.Target;
import dev.guard.error.ExitCode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The pure parts of a permanent delete: version targets, the named version, batches, the plan's words. */
class DeleteVersionsTest {
    private static ObjectVersions.Version version(String key, String id, boolean marker, boolean latest) {
        return new ObjectVersions.Version(
                key, id, marker, latest, marker ? null : 5L, marker ? null : "\"e\"", Instant.EPOCH);
    }

    @Test
    void aVersionIsATargetNamedKeyVersionIdWhoseKeyAndVersionReadBackEvenWithAQuestionMarkInTheKey() {
        Target t = version("odd?versionId=x/a.txt", "v.1+/=", false, true).target();
        assertThat(t.id()).isEqualTo("odd?versionId=x/a.txt?versionId=v.1+/=");
        assertThat(t.notes()).containsExactly("5 bytes", "latest", "last modified 1970-01-01T00:00:00Z");
        assertThat(t.fingerprint()).containsEntry("versionId", "v.1+/=").containsEntry("size", "5");
        assertThat(ObjectVersions.keyAndVersion(t).getKey()).isEqualTo("odd?versionId=x/a.txt");
        assertThat(ObjectVersions.keyAndVersion(t).getValue()).isEqualTo("v.1+/=");

        Target marker = version("a.txt", "m1", true, false).target();
        assertThat(marker.notes()).startsWith("delete marker", "noncurrent");
        assertThat(marker.fingerprint()).containsEntry("deleteMarker", "true").doesNotContainKey("size");
    }

    @Test
    void versionsAreOrderedByKeyLatestFirstThenNewest() {
        var old = new ObjectVersions.Version("a", "v1", false, false, 1L, "e", Instant.ofEpochSecond(1));
        var mid = new ObjectVersions.Version("a", "v2", false, false, 1L, "e", Instant.ofEpochSecond(2));
        var top = new ObjectVersions.Version("a", "m3", true, true, null, null, Instant.ofEpochSecond(3));
        var b = new ObjectVersions.Version("b", "v9", false, true, 1L, "e", Instant.ofEpochSecond(0));
        assertThat(ObjectVersions.ordered(List.of(b, old, top, mid))).containsExactly(top, mid, old, b);
    }

    @Test
    void aNamedVersionThatDoesNotExistIsRefusedInOneLineNamingWhatExists() {
        List<ObjectVersions.Version> of =
                List.of(version("a.txt", "v2", false, true), version("a.txt", "v1", false, false));
        assertThat(DeleteVersionsOperation.named("a.txt", "v1", of)).containsExactly(of.get(1));

        assertThatThrownBy(() -> DeleteVersionsOperation.named("a.txt", "v9", of))
                .isInstanceOfSatisfying(
                        StepFailure.class, f -> assertThat(f.exitCode()).isEqualTo(ExitCode.INVALID_INPUT))
                .hasMessage("version v9 of a.txt does not exist (its versions are v2, v1): nothing was deleted");
        assertThatThrownBy(() -> DeleteVersionsOperation.named("gone.txt", "v9", List.of()))
                .hasMessage("version v9 of gone.txt does not exist (the key has no versions): nothing was deleted");
    }

    @Test
    void versionsGoOutInBatchesOfAThousandAndAKeyXmlCannotCarryAlone() {
        List<Target> targets = new ArrayList<>();
        for (int i = 0; i < 1500; i++) {
            targets.add(version("k" + (i / 3), "v" + i, i % 7 == 0, i % 3 == 0).target());
        }
        targets.add(3, version("ctl\u0001", "v", false, true).target());
        var batches = DeleteVersionsOperation.batches(targets);
        assertThat(batches).hasSize(3);
        assertThat(batches.get(0)).hasSize(1000);
        assertThat(batches.get(1)).hasSize(500);
        assertThat(batches.get(2)).extracting(Target::id).containsExactly("ctl\u0001?versionId=v");
        assertThat(batches.stream().flatMap(List::stream)).containsExactlyInAnyOrderElementsOf(targets);
    }

    @Test
    void thePlanSaysWhatAPlainDeleteDoesInEachKindOfBucket() {
        var none = Optional.<String>empty();
        assertThat(new BucketVersioning("b", Optional.of("Enabled"), none, none).plainNote())
                .isEqualTo("bucket b is versioned: each delete adds a delete marker and earlier versions are kept (a"
                        + " permanent delete needs versionId or allVersions: true)");
        assertThat(new BucketVersioning("b", Optional.of("Suspended"), none, none).plainNote())
                .contains("delete marker that permanently replaces the object's null version");
        assertThat(new BucketVersioning("b", none, none, none).plainNote())
                .isEqualTo("bucket b is not versioned: the deletion is permanent");
        assertThat(new BucketVersioning("b", none, none, Optional.of("AccessDenied: no")).plainNote())
                .contains("could not be read (AccessDenied: no): treat the deletion as permanent");
    }

    @Test
    void mfaDeleteIsReadAndItsRefusalSaysWhatItNeedsInOneLine() {
        var on = new BucketVersioning("b", Optional.of("Enabled"), Optional.of("Enabled"), Optional.empty());
        var off = new BucketVersioning("b", Optional.of("Enabled"), Optional.of("Disabled"), Optional.empty());
        assertThat(on.mfaDeleteEnabled()).isTrue();
        assertThat(off.mfaDeleteEnabled()).isFalse();
        assertThat(BucketVersioning.mfaRefusal("b"))
                .startsWith("bucket b has MFA Delete enabled: permanently deleting a version needs the bucket owner's"
                        + " root user and its MFA device (x-amz-mfa), and guard does not hold root credentials")
                .contains("hint: delete the versions as root")
                .doesNotContain("\n");
        assertThat(off.permanentNote())
                .isEqualTo("bucket b versioning Enabled, MFA Delete Disabled: the versions listed are deleted"
                        + " permanently, with no delete marker left");
        assertThat(new BucketVersioning("b", Optional.empty(), Optional.empty(), Optional.of("AccessDenied: x"))
                        .permanentNote())
                .contains("if it has MFA Delete enabled, S3 will refuse each delete and nothing is deleted");
    }

    @Test
    void keysCompareInS3sUtf8OrderNotJavasUtf16Order() {
        String supplementary = "k\ud83d\ude00"; // U+1F600: UTF-16 sorts it before U+FF21, UTF-8 after
        String fullwidth = "k\uff21";
        assertThat(supplementary.compareTo(fullwidth)).isNegative();
        assertThat(ObjectVersions.KEY_ORDER.compare(supplementary, fullwidth)).isPositive();
        assertThat(ObjectVersions.KEY_ORDER.compare("a", "ab")).isNegative();
        assertThat(ObjectVersions.KEY_ORDER.compare("ab", "ab")).isZero();
    }

    @Test
    void aBatchIsReadBackFromTheLongestPrefixItsKeysShareWithoutSplittingACharacter() {
        assertThat(ObjectVersions.commonPrefix(List.of("logs/2026/a", "logs/2026/b", "logs/2025/z")))
                .isEqualTo("logs/202");
        assertThat(ObjectVersions.commonPrefix(List.of("x\ud83d\ude00", "x\ud83d\ude01")))
                .isEqualTo("x");
        assertThat(ObjectVersions.commonPrefix(List.of("only"))).isEqualTo("only");
    }
}
