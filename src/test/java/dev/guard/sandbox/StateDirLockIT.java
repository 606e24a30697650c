package dev.guard.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.guard.sandbox.persist.StateException;
import dev.guard.sandbox.seed.SeedLoader;
import dev.guard.sandbox.timing.Speed;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;

/**
 * One sandbox per {@code --state-dir}: two would keep two worlds in memory, overwrite each other's
 * saves and each accept the same MFA code once; and one sandbox saves every change it handles,
 * even changes handled at the same time.
 */
class StateDirLockIT {
    private static final String STAGING = "333333333333";

    @TempDir
    Path temp;

    private static Sandbox start(Path dir) throws Exception {
        return Sandbox.start(
                SeedLoader.bundled(), 0, Clock.systemUTC(), line -> {}, Optional.of(dir), line -> {}, Speed.INSTANT);
    }

    @Test
    void aSecondSandboxOnTheSameStateDirRefusesToStartNamingTheFirst() throws Exception {
        Path dir = temp.resolve("state");
        try (SandboxFixture first = new SandboxFixture(dir)) {
            assertThat(first.endpoint()).isNotNull();
            assertThatThrownBy(() -> start(dir))
                    .isInstanceOf(StateException.class)
                    .hasMessageContaining("in use by another sandbox (pid "
                            + ProcessHandle.current().pid() + " on ")
                    .hasMessageContaining("another --state-dir");
            // Another directory is fine meanwhile.
            start(temp.resolve("other")).close();
        }
        // Once the first has stopped, the directory is free again.
        start(dir).close();
    }

    @Test
    void changesHandledAtTheSameTimeAreAllOnDiskAfterARestart() throws Exception {
        Path dir = temp.resolve("state");
        int tables = 48;
        try (SandboxFixture f = new SandboxFixture(dir)) {
            var dynamo = f.dynamodb(f.privilegedRole(STAGING));
            var pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<?>> created = new ArrayList<>();
                for (int i = 0; i < tables; i++) {
                    String name = String.format("parallel-%02d", i);
                    created.add(pool.submit(() -> dynamo.createTable(r -> r.tableName(name)
                            .keySchema(KeySchemaElement.builder()
                                    .attributeName("id")
                                    .keyType(KeyType.HASH)
                                    .build()))));
                }
                for (Future<?> c : created) {
                    c.get();
                }
            } finally {
                pool.shutdownNow();
            }
        }
        try (SandboxFixture again = new SandboxFixture(dir)) {
            again.nextTotpStep(); // the code the first sandbox accepted is used up
            var names =
                    again.dynamodb(again.privilegedRole(STAGING)).listTables().tableNames();
            assertThat(names.stream().filter(n -> n.startsWith("parallel-"))).hasSize(tables);
        }
    }
}
