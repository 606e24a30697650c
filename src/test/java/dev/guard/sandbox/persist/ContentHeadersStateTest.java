package dev.guard.sandbox.persist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.guard.sandbox.dynamodb.Tables;
import dev.guard.sandbox.ec2.Instances;
import dev.guard.sandbox.s3.ObjectStore;
import dev.guard.sandbox.s3.PartStore;
import dev.guard.sandbox.s3.Uploads;
import dev.guard.sandbox.state.CredentialRegistry;
import dev.guard.sandbox.state.MfaDevices;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * An object's Cache-Control and the other content headers, and an upload's, survive a restart; a
 * state file written before they were kept restores objects without them.
 */
class ContentHeadersStateTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private static WorldState world(ObjectStore store) {
        return new WorldState(new Instances(), new Tables(), store, new CredentialRegistry(), new MfaDevices());
    }

    @Test
    void contentHeadersSurviveARestartAndOldStateHasNone() {
        ObjectStore before = new ObjectStore(PartStore.inMemory());
        before.addBucket("b", "111111111111", Optional.empty(), false);
        ObjectStore.StoredObject plain = ObjectStore.text("body", NOW);
        Map<String, String> headers = Map.of("Cache-Control", "max-age=60", "Content-Language", "de");
        before.bucket("b")
                .orElseThrow()
                .put(
                        "k",
                        new ObjectStore.StoredObject(
                                plain.body(),
                                plain.etag(),
                                plain.contentType(),
                                plain.lastModified(),
                                plain.checksum(),
                                Map.of(),
                                Map.of(),
                                headers));
        before.bucket("b").orElseThrow().put("old", plain);
        before.uploads()
                .restore(
                        new Uploads.Upload(
                                "u1",
                                "b",
                                "mp",
                                NOW,
                                "text/plain",
                                Map.of(),
                                Map.of(),
                                Optional.empty(),
                                Optional.empty(),
                                "arn:aws:iam::111111111111:user/alice",
                                Map.of("Expires", "Tue, 01 Jan 2030 00:00:00 GMT")),
                        java.util.List.of());

        Map<String, Object> captured = world(before).capture(NOW);
        ObjectStore after = new ObjectStore(PartStore.inMemory());
        world(after).restore(Path.of("state.json"), captured, NOW);

        ObjectStore.Bucket restored = after.bucket("b").orElseThrow();
        assertThat(restored.objects().get("k").contentHeaders()).isEqualTo(headers);
        // An object without them is written as before (no key), and restored without them.
        assertThat(dev.guard.json.Json.compact(captured)).containsOnlyOnce("\"contentHeaders\":{\"C");
        assertThat(restored.objects().get("old").contentHeaders()).isEmpty();
        assertThat(after.uploads().all())
                .singleElement()
                .satisfies(u -> assertThat(u.contentHeaders())
                        .containsExactly(Map.entry("Expires", "Tue, 01 Jan 2030 00:00:00 GMT")));
    }
}
