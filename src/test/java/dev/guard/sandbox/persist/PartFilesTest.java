package dev.guard.sandbox.persist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.guard.sandbox.s3.Uploads;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Identical parts uploaded at once (a client retrying) each get a temp file of their own. */
class PartFilesTest {
    @TempDir
    Path dir;

    @Test
    void identicalConcurrentPartsAllLandAndLeaveNoTempFiles() throws Exception {
        PartFiles files = new PartFiles(dir);
        byte[] body = new byte[64 * 1024];
        Uploads.Part part = new Uploads.Part(1, "\"abc\"", body.length, Instant.EPOCH, Optional.empty());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Void>> writes = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                writes.add(() -> {
                    files.write("u1", part, body);
                    return null;
                });
            }
            for (Future<Void> f : pool.invokeAll(writes)) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        assertThat(files.read("u1", part)).isEqualTo(body);
        try (Stream<Path> left = Files.list(dir.resolve("u1"))) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("1-abc.part");
        }
    }
}
