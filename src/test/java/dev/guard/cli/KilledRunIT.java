package dev.guard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.guard.sandbox.Sandbox;
import dev.guard.term.ScriptedTerminal;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of a real {@code guard run} process half-way through a bulk delete: the audit log
 * holds one record per batch S3 answered, {@code guard audit verify} names the run as interrupted,
 * the run's lock is reported to the next run until {@code --break-lock}, and what the batch
 * records say was deleted is exactly what the sandbox no longer holds.
 */
class KilledRunIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int OBJECTS = 5000;

    @TempDir
    Path home;

    @Test
    void aRunKilledMidDeleteIsNamedInterruptedAndItsBatchRecordsAreWhatWasDeleted() throws Exception {
        // Every DeleteObjects waits 3 s before the sandbox handles it: four batches go out at once,
        // and the fifth is still waiting when the test has seen the first four recorded.
        String slow = "  - service: s3\n    operation: DeleteObjects\n    latencyMillis: 3000\n";
        Path stateDir = home.resolve("sandbox-state");
        Path config = config();
        Path runbook = BulkWorld.runbook(home, true);
        Path audit = home.resolve(".local/state/guard/audit.jsonl");
        Sandbox sandbox = BulkWorld.sandbox(home, OBJECTS, slow, stateDir, 0);
        Process child;
        int port = sandbox.port();
        try {
            child = guardProcess(sandbox, config, runbook);
            long pid = child.pid();
            awaitBatches(audit, 4, child);
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no run.end, no lock released
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(sandbox.journal().entries().stream()
                            .filter(e -> e.action().equals("s3:DeleteObjects"))
                            .count())
                    .as("DeleteObjects answered before the kill")
                    .isEqualTo(4);

            var verify = new CliRunner().home(home).run("audit", "verify", "--config", config.toString());
            assertThat(verify.exitCode()).as(verify.out() + verify.err()).isZero();
            assertThat(verify.out())
                    .contains("chain intact; 1 run was interrupted (no run.end)")
                    .containsPattern("interrupted: run [0-9a-f-]{36} \\(runbook empty-bulk, started \\S+, pid " + pid
                            + " on \\S+\\): no run.end; it was interrupted \\(killed or crashed\\); its last record"
                            + " is line \\d+ \\(outcomes\\)");
        } finally {
            // Stopping the sandbox drops the fifth DeleteObjects, still waiting: nothing was deleted
            // that no record shows, and the world on disk is what S3 would hold.
            sandbox.close();
        }
        Set<String> recorded = deletedPerBatchRecords(audit);
        assertThat(recorded).hasSize(4000);

        // The same world on the same endpoint (the lock keys on it), restarted from its state file.
        try (Sandbox again = BulkWorld.sandbox(home, 0, "", stateDir, port)) {
            var refused = run(again, config, runbook, false);
            assertThat(refused.exitCode()).as(refused.out() + refused.err()).isEqualTo(7);
            assertThat(refused.err())
                    .contains("s3 bucket guard-protected-artifacts is locked by a guard run that is no longer running")
                    .contains("pid " + child.pid() + " on ");

            var resumed = run(again, config, runbook, true);
            assertThat(resumed.exitCode()).as(resumed.out() + resumed.err()).isZero();
            assertThat(resumed.err())
                    .contains("took over the lock on")
                    .contains("warning: run ")
                    .contains("(runbook empty-bulk")
                    .contains("it was interrupted (killed or crashed)");
            assertThat(resumed.out()).contains("Done: 1000 changed");
        }
        // What the resumed run found left is exactly what the batch records do not name.
        Set<String> left = lastTargets(audit);
        assertThat(left).hasSize(OBJECTS - recorded.size()).doesNotContainAnyElementsOf(recorded);
        Set<String> all = new HashSet<>(recorded);
        all.addAll(left);
        assertThat(all).hasSize(OBJECTS);
        // The interruption was noted once, so the next run does not warn again.
        assertThat(Files.readString(audit)).containsOnlyOnce("\"event\":\"interrupted\"");
    }

    /** The bundled config, with production unprotected so an unattended runbook may run with --yes. */
    private Path config() throws Exception {
        String text = Files.readString(Path.of("config/guard.yaml"))
                .replace(
                        "production:  { id: \"444444444444\", protected: true }",
                        "production:  { id: \"444444444444\" }")
                .replace("dir: ../runbooks", "dir: " + Path.of("runbooks").toAbsolutePath());
        assertThat(text).doesNotContain("protected: true");
        Path file = home.resolve("guard.yaml");
        Files.writeString(file, text);
        return file;
    }

    /** {@code guard run --yes} in its own JVM, as cron would start it: no terminal, a clean environment. */
    private Process guardProcess(Sandbox sandbox, Path config, Path runbook) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(
                java,
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                "dev.guard.cli.Main",
                "run",
                runbook.toString(),
                "--config",
                config.toString(),
                "--yes",
                "--mfa-code",
                BulkWorld.code(),
                "--no-session-cache");
        Map<String, String> env = pb.environment();
        env.clear();
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("HOME", home.toString());
        env.put("AWS_ENDPOINT_URL", sandbox.endpoint().toString());
        env.put("AWS_ACCESS_KEY_ID", BulkWorld.ALICE.accessKeyId());
        env.put("AWS_SECRET_ACCESS_KEY", BulkWorld.ALICE.secretAccessKey());
        pb.directory(new File("").getAbsoluteFile());
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.redirectOutput(home.resolve("child.out").toFile());
        pb.redirectError(home.resolve("child.err").toFile());
        return pb.start();
    }

    private void awaitBatches(Path audit, int batches, Process child) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (batchRecords(audit).size() < batches) {
            if (!child.isAlive()) {
                throw new AssertionError("guard ended before " + batches + " batches (exit " + child.exitValue()
                        + "): " + Files.readString(home.resolve("child.out"))
                        + Files.readString(home.resolve("child.err")));
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("no " + batches + " batch records in time");
            }
            Thread.sleep(20);
        }
    }

    private static List<JsonNode> records(Path audit) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        if (!Files.exists(audit)) {
            return out;
        }
        for (String line : Files.readAllLines(audit)) {
            if (line.endsWith("}")) { // a line being written is not read half
                out.add(JSON.readTree(line));
            }
        }
        return out;
    }

    private static List<JsonNode> batchRecords(Path audit) throws Exception {
        return records(audit).stream()
                .filter(r -> r.path("event").asText().equals("outcomes") && r.has("batch"))
                .toList();
    }

    private static Set<String> deletedPerBatchRecords(Path audit) throws Exception {
        Set<String> keys = new HashSet<>();
        for (JsonNode r : batchRecords(audit)) {
            r.path("outcomes").forEach(o -> {
                assertThat(o.path("status").asText()).isEqualTo("done");
                keys.add(o.path("id").asText());
            });
        }
        return keys;
    }

    private static Set<String> lastTargets(Path audit) throws Exception {
        List<JsonNode> targets = records(audit).stream()
                .filter(r -> r.path("event").asText().equals("targets"))
                .toList();
        Set<String> keys = new HashSet<>();
        targets.get(targets.size() - 1)
                .path("targets")
                .forEach(t -> keys.add(t.path("id").asText()));
        return keys;
    }

    private CliRunner.Result run(Sandbox sandbox, Path config, Path runbook, boolean breakLock) {
        List<String> args = new ArrayList<>(List.of(
                "run",
                runbook.toString(),
                "--config",
                config.toString(),
                "--yes",
                "--mfa-code",
                BulkWorld.nextCode(),
                "--no-session-cache"));
        if (breakLock) {
            args.add("--break-lock");
        }
        return new CliRunner()
                .home(home)
                .terminal(new ScriptedTerminal(false))
                .env("AWS_ENDPOINT_URL", sandbox.endpoint().toString())
                .env("AWS_ACCESS_KEY_ID", BulkWorld.ALICE.accessKeyId())
                .env("AWS_SECRET_ACCESS_KEY", BulkWorld.ALICE.secretAccessKey())
                .run(args.toArray(String[]::new));
    }
}
