package dev.guard.sandbox.persist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.guard.sandbox.dynamodb.Tables;
import dev.guard.sandbox.ec2.Instances;
import dev.guard.sandbox.s3.ObjectStore;
import dev.guard.sandbox.state.CredentialRegistry;
import dev.guard.sandbox.state.MfaDevices;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A bucket's region and an object's metadata and tags survive a restart with --state-dir. */
class ObjectDetailsStateTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private static WorldState world(ObjectStore store) {
        return new WorldState(new Instances(), new Tables(), store, new CredentialRegistry(), new MfaDevices());
    }

    @Test
    void regionMetadataAndTagsSurviveARestart() {
        ObjectStore before = new ObjectStore();
        before.addBucket("west", "111111111111", Optional.empty(), false, "eu-west-1");
        ObjectStore.StoredObject plain = ObjectStore.text("body", NOW);
        ObjectStore.StoredObject detailed = new ObjectStore.StoredObject(
                plain.body(),
                plain.etag(),
                plain.contentType(),
                plain.lastModified(),
                plain.checksum(),
                Map.of("owner", "alice"),
                Map.of("env", "prod", "team", "ops"));
        before.bucket("west").orElseThrow().put("k", detailed);

        ObjectStore after = new ObjectStore();
        world(after).restore(Path.of("state.json"), world(before).capture(NOW), NOW);
        ObjectStore.Bucket restored = after.bucket("west").orElseThrow();
        assertThat(restored.region()).isEqualTo("eu-west-1");
        ObjectStore.StoredObject o = restored.objects().get("k");
        assertThat(o.metadata()).containsExactly(Map.entry("owner", "alice"));
        assertThat(o.tags()).containsOnly(Map.entry("env", "prod"), Map.entry("team", "ops"));
        assertThat(new String(o.body(), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("body");
    }
}
