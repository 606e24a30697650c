package dev.guard.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** {@code --state-dir} under concurrent writers: every write the sandbox acknowledged is in the saved world. */
class ConcurrentStateIT {
    private static final String BUCKET = "guard-protected-artifacts";
    private static final int WRITERS = 16;
    private static final int PUTS = 2_500;

    @TempDir
    Path temp;

    @Test
    void everyAcknowledgedConcurrentPutSurvivesARestart() throws Exception {
        Path dir = temp.resolve("state");
        AwsCredentials role;
        try (SandboxFixture f = new SandboxFixture(dir)) {
            role = SandboxFixture.session(f.sts(f.keys("alice"))
                    .getSessionToken(r -> r.serialNumber(f.serial("alice")).tokenCode(f.nextCode("alice")))
                    .credentials());
            S3Client s3 = f.s3(role);
            ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
            try {
                List<Future<?>> acknowledged = new ArrayList<>();
                for (int i = 0; i < PUTS; i++) {
                    String key = "concurrent/" + i;
                    acknowledged.add(writers.submit(
                            () -> s3.putObject(r -> r.bucket(BUCKET).key(key), RequestBody.fromString(key))));
                }
                for (Future<?> put : acknowledged) {
                    put.get();
                }
            } finally {
                writers.shutdownNow();
            }
            assertThat(f.warnings).isEmpty();
        }
        try (SandboxFixture f = new SandboxFixture(dir)) {
            List<String> keys =
                    f.s3(role).listObjectsV2Paginator(r -> r.bucket(BUCKET).prefix("concurrent/")).contents().stream()
                            .map(S3Object::key)
                            .toList();
            assertThat(keys).hasSize(PUTS);
        }
    }
}
