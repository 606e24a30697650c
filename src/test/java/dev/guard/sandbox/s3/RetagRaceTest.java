package dev.guard.sandbox.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A tag change racing a PutObject of the same key: the tagging call reads a version, the PutObject
 * replaces that version ("null", unversioned), then the tags are written. The PutObject answered
 * 200, so its body must stay: the tags go onto the new object, never the old body back.
 */
class RetagRaceTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private static ObjectStore.Bucket bucket(ObjectStore.Versioning versioning) {
        ObjectStore store = new ObjectStore();
        store.addBucket("b", "444444444444", Optional.empty(), versioning);
        return store.bucket("b").orElseThrow();
    }

    private static String body(ObjectStore.Bucket bucket, String key) {
        return new String(bucket.objects().get(key).body(), StandardCharsets.UTF_8);
    }

    @Test
    void aPutBetweenTheTaggingReadAndWriteKeepsItsBody() {
        ObjectStore.Bucket bucket = bucket(ObjectStore.Versioning.UNVERSIONED);
        bucket.put("k", ObjectStore.text("old", NOW));
        ObjectStore.Version read = bucket.latest("k").orElseThrow();
        bucket.put("k", ObjectStore.text("new", NOW));

        Optional<ObjectStore.StoredObject> before = bucket.retag("k", read.versionId(), Map.of("a", "1"));

        assertThat(before)
                .hasValueSatisfying(o ->
                        assertThat(new String(o.body(), StandardCharsets.UTF_8)).isEqualTo("new"));
        assertThat(body(bucket, "k")).isEqualTo("new");
        assertThat(bucket.objects().get("k").tags()).containsExactly(Map.entry("a", "1"));
        assertThat(bucket.versions("k")).hasSize(1);
    }

    @Test
    void aVersionDeletedBetweenTheReadAndWriteIsNotRecreated() {
        ObjectStore.Bucket bucket = bucket(ObjectStore.Versioning.ENABLED);
        String id = bucket.put("k", ObjectStore.text("one", NOW)).versionId();
        bucket.deleteVersion("k", id);

        assertThat(bucket.retag("k", id, Map.of("a", "1"))).isEmpty();
        assertThat(bucket.versions("k")).isEmpty();
        assertThat(bucket.objects()).doesNotContainKey("k");
    }

    @Test
    void concurrentRetagsNeverRevertAnAcknowledgedPut() throws InterruptedException {
        for (ObjectStore.Versioning versioning :
                new ObjectStore.Versioning[] {ObjectStore.Versioning.UNVERSIONED, ObjectStore.Versioning.SUSPENDED}) {
            ObjectStore.Bucket bucket = bucket(versioning);
            bucket.put("k", ObjectStore.text("0", NOW));
            AtomicBoolean done = new AtomicBoolean();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread tagger = new Thread(() -> {
                int i = 0;
                while (!done.get()) {
                    // What ObjectTagging does: read the version, then set its tags.
                    ObjectStore.Version read = bucket.latest("k").orElseThrow();
                    Thread.yield();
                    bucket.retag("k", read.versionId(), Map.of("n", Integer.toString(i++)));
                }
            });
            tagger.setUncaughtExceptionHandler((t, e) -> failure.set(e));
            tagger.start();
            try {
                for (int i = 1; i <= 20_000; i++) {
                    bucket.put("k", ObjectStore.text(Integer.toString(i), NOW));
                    // Acknowledged: until the next put, every read sees this body, whatever the tags.
                    assertThat(body(bucket, "k")).isEqualTo(Integer.toString(i));
                }
            } finally {
                done.set(true);
                tagger.join();
            }
            assertThat(failure.get()).isNull();
            assertThat(bucket.versions("k")).hasSize(1);
        }
    }
}
