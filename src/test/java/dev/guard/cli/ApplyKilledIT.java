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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of a real {@code guard apply} half-way through a saved bulk delete: applied
 * again, the plan resumes — the batches its record names are not sent again, only what was left
 * is deleted — and a third apply is refused as applied (exit 8) with nothing sent.
 */
class ApplyKilledIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int OBJECTS = 5000;

    @TempDir
    Path home;

    @Test
    void anApplyKilledMidDeleteResumesWithOnlyWhatWasLeft() throws Exception {
        String slow = "  - service: s3\n    operation: DeleteObjects\n    latencyMillis: 3000\n";
        Path stateDir = home.resolve("sandbox-state");
        Path config = config();
        Path runbook = BulkWorld.runbook(home, true);
        Path plan = home.resolve("bulk.plan.json");
        Path audit = home.resolve(".local/state/guard/audit.jsonl");
        Sandbox sandbox = BulkWorld.sandbox(home, OBJECTS, slow, stateDir, 0);
        int port = sandbox.port();
        Process child;
        try {
            var planned = cli(sandbox)
                    .run(
                            "plan",
                            runbook.toString(),
                            "--live",
                            "-o",
                            plan.toString(),
                            "--config",
                            config.toString(),
                            "--mfa-code",
                            BulkWorld.code());
            assertThat(planned.exitCode()).as(planned.out() + planned.err()).isZero();
            assertThat(sandbox.journal().anyMutation()).isFalse();

            // The cached MFA session (from the plan) serves the unattended apply: no code.
            child = applyProcess(sandbox, config, plan);
            awaitBatches(audit, 4, child);
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no run.end, no lock released
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            sandbox.close(); // drops the fifth DeleteObjects, still waiting
        }
        try (Sandbox again = BulkWorld.sandbox(home, 0, "", stateDir, port)) {
            var resumed = apply(again, config, plan);
            assertThat(resumed.exitCode()).as(resumed.out() + resumed.err()).isZero();
            assertThat(resumed.err()).contains("resuming plan ").contains("never ended");
            assertThat(resumed.out()).contains("Done: 1000 changed (4000 already done)");
            assertThat(again.journal().entries().stream()
                            .filter(e -> e.action().equals("s3:DeleteObjects"))
                            .count())
                    .as("only what was left is sent")
                    .isEqualTo(1);

            again.journal().clear();
            var third = apply(again, config, plan);
            assertThat(third.exitCode()).as(third.out() + third.err()).isEqualTo(8);
            assertThat(third.err()).contains("was applied already").contains("exit code 0");
            assertThat(again.journal().anyMutation()).isFalse();
        }
        assertThat(Files.readString(audit))
                .contains("\"event\":\"apply.start\"")
                .contains("\"resumed\":true");
    }

    private CliRunner cli(Sandbox sandbox) {
        return new CliRunner()
                .home(home)
                .terminal(new ScriptedTerminal(false))
                .env("AWS_ENDPOINT_URL", sandbox.endpoint().toString())
                .env("AWS_ACCESS_KEY_ID", BulkWorld.ALICE.accessKeyId())
                .env("AWS_SECRET_ACCESS_KEY", BulkWorld.ALICE.secretAccessKey());
    }

    private CliRunner.Result apply(Sandbox sandbox, Path config, Path plan) {
        return cli(sandbox)
                .run(
                        "apply",
                        plan.toString(),
                        "--config",
                        config.toString(),
                        "--yes",
                        "--mfa-code",
                        BulkWorld.nextCode(),
                        "--no-session-cache");
    }

    /** The bundled config, with production unprotected so an unattended runbook may run with --yes. */
    private Path config() throws Exception {
        String text = Files.readString(Path.of("config/guard.yaml"))
                .replace(
                        "production:  { id: \"444444444444\", protected: true }",
                        "production:  { id: \"444444444444\" }")
                .replace("dir: ../runbooks", "dir: " + Path.of("runbooks").toAbsolutePath());
        Path file = home.resolve("guard.yaml");
        Files.writeString(file, text);
        return file;
    }

    /** {@code guard apply --yes} in its own JVM, as cron would start it. */
    private Process applyProcess(Sandbox sandbox, Path config, Path plan) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(
                java,
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                "dev.guard.cli.Main",
                "apply",
                plan.toString(),
                "--config",
                config.toString(),
                "--yes");
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
        while (batchRecords(audit) < batches) {
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

    private static int batchRecords(Path audit) throws Exception {
        if (!Files.exists(audit)) {
            return 0;
        }
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(audit)) {
            if (line.endsWith("}")) {
                JsonNode r = JSON.readTree(line);
                if (r.path("event").asText().equals("outcomes") && r.has("batch")) {
                    out.add(r);
                }
            }
        }
        return out.size();
    }
}
