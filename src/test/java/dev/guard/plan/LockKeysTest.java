package dev.guard.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.guard.action.ActionRegistry;
import dev.guard.config.Environment;
import dev.guard.lock.LockKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run lock keys on what a run changes, so different runbooks on one resource exclude each other. */
class LockKeysTest {
    @TempDir
    Path dir;

    private List<String> keys(Path file, Map<String, String> parameters) {
        var loaded = Runbooks.loader().load(file, file);
        assertThat(loaded.problems().isEmpty()).as(loaded.problems().toString()).isTrue();
        Plan plan = new PlanBuilder(
                        ActionRegistry.standard(),
                        Runbooks.config(),
                        new Environment(Runbooks.REPOSITORY, Map.of(), dir))
                .build(loaded.runbook().orElseThrow(), file, parameters);
        return LockKeys.of("aws", plan.steps());
    }

    private Path runbook(String name, String steps) throws Exception {
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(
                file, """
                apiVersion: guard/v1
                kind: Runbook
                name: %s
                target: {account: %s, region: us-east-1}
                steps:
                %s""".formatted(name, name.startsWith("drop") ? "staging" : "development", steps.indent(2)));
        return file;
    }

    @Test
    void oneEndpointSpelledTwoWaysIsOneLock() {
        String plain = LockKeys.endpoint(java.net.URI.create("http://127.0.0.1:4599"));
        assertThat(LockKeys.endpoint(java.net.URI.create("http://127.0.0.1:4599/")))
                .isEqualTo(plain);
        assertThat(LockKeys.endpoint(java.net.URI.create("HTTP://127.0.0.1:4599//")))
                .isEqualTo(plain);
        assertThat(LockKeys.endpoint(java.net.URI.create("https://S3.example.com")))
                .isEqualTo(LockKeys.endpoint(java.net.URI.create("https://s3.example.com.:443/")));
        assertThat(LockKeys.endpoint(java.net.URI.create("http://127.0.0.1:4600")))
                .isNotEqualTo(plain);
    }

    @Test
    void twoRunbooksOnOneTableShareItsLockWhateverTheirOptions() throws Exception {
        List<String> example =
                keys(Runbooks.EXAMPLES.resolve("delete-staging-table.yaml"), Map.of("tableName", "sessions-staging"));
        List<String> other = keys(runbook("drop-sessions", """
                        - id: drop
                          action: dynamodb:DeleteTable
                          with: {tableName: sessions-staging, backup: false}
                          confirm: typed
                        """), Map.of());
        assertThat(example).containsExactly("aws 333333333333 us-east-1 dynamodb resource sessions-staging");
        assertThat(other).isEqualTo(example);
    }

    @Test
    void aStopAndATerminateOfOneInstanceShareItsLock() throws Exception {
        List<String> terminate = keys(
                Runbooks.EXAMPLES.resolve("terminate-dev-instance.yaml"), Map.of("instanceId", "i-0a22222222222222b"));
        List<String> stop = keys(runbook("stop-two", """
                        - id: stop
                          action: ec2:StopInstances
                          with: {instanceIds: [i-0a22222222222222b, i-0a22222222222222c]}
                          confirm: yes
                        """), Map.of());
        assertThat(terminate).containsExactly("aws 222222222222 us-east-1 ec2 instance i-0a22222222222222b");
        assertThat(stop).contains(terminate.get(0)).hasSize(2);
    }

    @Test
    void s3StepsLockTheirBucket() {
        assertThat(keys(Runbooks.EXAMPLES.resolve("replace-protected-artifact.yaml"), Map.of()))
                .containsExactly("aws 444444444444 us-east-1 s3 bucket guard-protected-artifacts");
    }
}
