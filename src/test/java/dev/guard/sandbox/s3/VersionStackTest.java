package dev.guard.sandbox.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A bucket's version stack: what each write and delete leaves, by versioning status. */
class VersionStackTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private ObjectStore store;
    private ObjectStore.Bucket bucket;

    @BeforeEach
    void bucket() {
        store = new ObjectStore();
        store.addBucket("b", "444444444444", Optional.empty(), ObjectStore.Versioning.UNVERSIONED);
        bucket = store.bucket("b").orElseThrow();
    }

    private ObjectStore.Version put(String key, String body) {
        return bucket.put(key, ObjectStore.text(body, NOW));
    }

    @Test
    void unversionedWritesReplaceTheNullVersionAndDeletesDestroy() {
        assertThat(put("k", "1").versionId()).isEqualTo("null");
        put("k", "2");
        assertThat(bucket.versions("k"))
                .singleElement()
                .satisfies(v -> assertThat(v.versionId()).isEqualTo("null"));
        assertThat(bucket.delete("k", NOW)).isEmpty();
        assertThat(bucket.versions("k")).isEmpty();
        assertThat(bucket.objects()).doesNotContainKey("k");
    }

    @Test
    void enabledWritesStackUniqueIdsAndDeletesLeaveAMarkerEvenForAMissingKey() {
        put("k", "0");
        bucket.configure(ObjectStore.Versioning.ENABLED, "");
        String v1 = put("k", "1").versionId();
        String v2 = put("k", "2").versionId();
        assertThat(v1).isNotEqualTo(v2).matches("[A-Za-z0-9._]{32}");
        ObjectStore.Version marker = bucket.delete("k", NOW).orElseThrow();
        assertThat(marker.deleteMarker()).isTrue();
        assertThat(bucket.objects()).doesNotContainKey("k");
        assertThat(bucket.versions("k"))
                .extracting(ObjectStore.Version::versionId)
                .containsExactly(marker.versionId(), v2, v1, "null");
        assertThat(bucket.delete("never", NOW))
                .hasValueSatisfying(m -> assertThat(m.deleteMarker()).isTrue());
    }

    @Test
    void deletingTheMarkerOrTheNewestVersionMakesTheNextOneCurrent() {
        bucket.configure(ObjectStore.Versioning.ENABLED, "");
        String v1 = put("k", "1").versionId();
        String v2 = put("k", "2").versionId();
        String marker = bucket.delete("k", NOW).orElseThrow().versionId();
        assertThat(bucket.deleteVersion("k", marker))
                .hasValueSatisfying(v -> assertThat(v.deleteMarker()).isTrue());
        assertThat(new String(bucket.objects().get("k").body())).isEqualTo("2");
        bucket.deleteVersion("k", v2);
        assertThat(new String(bucket.objects().get("k").body())).isEqualTo("1");
        assertThat(bucket.deleteVersion("k", "A".repeat(32))).isEmpty();
        bucket.deleteVersion("k", v1);
        assertThat(bucket.versions("k")).isEmpty();
        assertThat(bucket.objects()).isEmpty();
    }

    @Test
    void suspendedWritesAndDeletesReplaceOnlyTheNullVersion() {
        put("k", "0");
        bucket.configure(ObjectStore.Versioning.ENABLED, "");
        String kept = put("k", "1").versionId();
        bucket.configure(ObjectStore.Versioning.SUSPENDED, "");
        assertThat(put("k", "2").versionId()).isEqualTo("null");
        assertThat(bucket.versions("k"))
                .extracting(ObjectStore.Version::versionId)
                .containsExactly("null", kept);
        ObjectStore.Version marker = bucket.delete("k", NOW).orElseThrow();
        assertThat(marker.versionId()).isEqualTo("null");
        assertThat(bucket.versions("k"))
                .extracting(ObjectStore.Version::deleteMarker)
                .containsExactly(true, false);
    }

    @Test
    void replacingAVersionInPlaceMakesNoNewVersion() {
        bucket.configure(ObjectStore.Versioning.ENABLED, "");
        ObjectStore.Version v = put("k", "1");
        bucket.retag("k", v.versionId(), java.util.Map.of("a", "b"));
        assertThat(bucket.versions("k"))
                .singleElement()
                .satisfies(x -> assertThat(x.object().orElseThrow().tags()).containsEntry("a", "b"));
        assertThat(bucket.objects().get("k").tags()).containsEntry("a", "b");
    }

    @Test
    void versionIdsHaveOneShape() {
        assertThat(ObjectStore.wellFormedVersionId("null")).isTrue();
        assertThat(ObjectStore.wellFormedVersionId(ObjectStore.newVersionId())).isTrue();
        assertThat(ObjectStore.wellFormedVersionId("abc")).isFalse();
        assertThat(ObjectStore.wellFormedVersionId("A".repeat(31) + "/")).isFalse();
    }
}
