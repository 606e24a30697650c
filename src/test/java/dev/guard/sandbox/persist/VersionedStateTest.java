package dev.guard.sandbox.persist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.guard.sandbox.dynamodb.Tables;
import dev.guard.sandbox.ec2.Instances;
import dev.guard.sandbox.s3.ObjectStore;
import dev.guard.sandbox.state.CredentialRegistry;
import dev.guard.sandbox.state.MfaDevices;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The state file keeps every version, delete marker, versioning status and MFA Delete; old files still load. */
class VersionedStateTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private static WorldState world(ObjectStore store) {
        return new WorldState(new Instances(), new Tables(), store, new CredentialRegistry(), new MfaDevices());
    }

    /** Each version's id, time and body ("marker" for a delete marker): records compare byte arrays by identity. */
    private static List<String> shown(List<ObjectStore.Version> versions) {
        return versions.stream()
                .map(v -> v.versionId() + " " + v.lastModified() + " "
                        + v.object()
                                .map(o -> new String(o.body(), java.nio.charset.StandardCharsets.UTF_8))
                                .orElse("marker"))
                .toList();
    }

    @Test
    void versionsMarkersAndMfaDeleteSurviveARestart() {
        ObjectStore before = new ObjectStore();
        before.addBucket("b", "444444444444", Optional.empty(), ObjectStore.Versioning.ENABLED);
        ObjectStore.Bucket b = before.bucket("b").orElseThrow();
        b.put("k", ObjectStore.text("1", NOW));
        b.put("k", ObjectStore.text("2", NOW));
        b.delete("k", NOW);
        b.put("other", ObjectStore.text("x", NOW));
        b.configure(ObjectStore.Versioning.SUSPENDED, "Enabled");

        ObjectStore after = new ObjectStore();
        world(after).restore(Path.of("state.json"), world(before).capture(NOW), NOW);
        ObjectStore.Bucket restored = after.bucket("b").orElseThrow();
        assertThat(restored.versioningStatus()).isEqualTo(ObjectStore.Versioning.SUSPENDED);
        assertThat(restored.mfaDelete()).isTrue();
        assertThat(shown(restored.versions("k"))).isEqualTo(shown(b.versions("k")));
        assertThat(restored.objects()).containsOnlyKeys("other");
    }

    @Test
    void aStateFileFromBeforeVersionIdsLoadsWithAMarkerOverItsNoncurrentObjects() {
        Map<String, Object> object = Map.of(
                "key", "gone",
                "body", Base64.getEncoder().encodeToString("old".getBytes()),
                "etag", "\"e\"",
                "contentType", "text/plain",
                "lastModified", NOW.toString());
        Map<String, Object> bucket = new java.util.LinkedHashMap<>();
        bucket.put("name", "legacy");
        bucket.put("account", "444444444444");
        bucket.put("versioning", true);
        bucket.put("policy", null);
        bucket.put("objects", List.of());
        bucket.put("noncurrent", List.of(object));
        Map<String, Object> tree = new java.util.LinkedHashMap<>();
        tree.put("format", WorldState.FORMAT);
        for (String list : List.of("instances", "tables", "backups", "credentials")) {
            tree.put(list, new ArrayList<>());
        }
        tree.put("buckets", List.of(bucket));
        tree.put("mfaSteps", Map.of());
        ObjectStore store = new ObjectStore();
        world(store).restore(Path.of("old.json"), tree, NOW);
        ObjectStore.Bucket b = store.bucket("legacy").orElseThrow();
        assertThat(b.versioningStatus()).isEqualTo(ObjectStore.Versioning.ENABLED);
        assertThat(b.objects()).isEmpty();
        assertThat(b.versions("gone"))
                .extracting(ObjectStore.Version::deleteMarker)
                .containsExactly(true, false);
    }
}
