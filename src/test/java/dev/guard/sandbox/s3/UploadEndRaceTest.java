package dev.guard.sandbox.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * UploadPart racing CompleteMultipartUpload or AbortMultipartUpload: once an upload ended, a part
 * is refused (NoSuchUpload) and its bytes are never written; a part being written when the upload
 * ends is finished first, so ending deletes its bytes too and nothing is left behind.
 */
class UploadEndRaceTest {
    private static final Uploads.Part PART = new Uploads.Part(1, "\"abc\"", 3, Instant.EPOCH, Optional.empty());

    private static Uploads.Upload upload() {
        return new Uploads.Upload(
                "u1",
                "b",
                "k",
                Instant.EPOCH,
                "binary/octet-stream",
                Map.of(),
                Map.of(),
                Optional.empty(),
                Optional.empty(),
                "arn:aws:iam::444444444444:user/alice");
    }

    /** A part store that records what it was asked to do, and can hold a write open. */
    private static final class Recording implements PartStore {
        final List<String> events = new CopyOnWriteArrayList<>();
        final PartStore inner = PartStore.inMemory();
        final CountDownLatch writing = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        volatile boolean hold;

        @Override
        public void write(String uploadId, Uploads.Part part, byte[] body) {
            if (hold) {
                writing.countDown();
                await(release);
            }
            inner.write(uploadId, part, body);
            events.add("write");
        }

        @Override
        public byte[] read(String uploadId, Uploads.Part part) {
            return inner.read(uploadId, part);
        }

        @Override
        public void delete(String uploadId) {
            inner.delete(uploadId);
            events.add("delete");
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aPartAfterTheUploadEndedIsRefusedAndNeverWritten() {
        Recording store = new Recording();
        Uploads uploads = new Uploads(store);
        Uploads.Upload upload = upload();
        uploads.start(upload);
        assertThat(uploads.end(upload)).isTrue();

        assertThat(uploads.putPart("u1", PART, "abc".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .isFalse();
        assertThat(store.events).containsExactly("delete");
        assertThat(uploads.end(upload)).isFalse();
    }

    @Test
    void endingWaitsForAPartBeingWrittenAndThenDeletesIt() throws InterruptedException {
        Recording store = new Recording();
        Uploads uploads = new Uploads(store);
        Uploads.Upload upload = upload();
        uploads.start(upload);
        store.hold = true;
        Thread part = new Thread(() -> uploads.putPart("u1", PART, new byte[] {1, 2, 3}));
        part.start();
        store.writing.await();
        Thread ender = new Thread(() -> uploads.end(upload));
        ender.start();
        store.release.countDown();
        part.join();
        ender.join();

        // Never "delete" then "write": that would leave the part's bytes behind an ended upload.
        assertThat(store.events).containsExactly("write", "delete");
        assertThat(uploads.parts("u1")).isEmpty();
        assertThat(uploads.all()).isEmpty();
    }
}
