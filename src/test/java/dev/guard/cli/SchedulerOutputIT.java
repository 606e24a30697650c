package dev.guard.cli;

import static dev.guard.cli.SandboxRuns.assertNoSecrets;
import static dev.guard.cli.SandboxRuns.code;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.guard.term.ScriptedTerminal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a scheduler reads of an unattended run ({@code --quiet}, {@code --log-format json}): against
 * a sandbox the test holds, so what the run did is read from the sandbox, not from guard's lines.
 */
class SchedulerOutputIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DEV = "222222222222";
    private static final String C = "i-0a22222222222222c";
    private static final String D = "i-0a22222222222222d";

    @TempDir
    Path dir;

    /** cron's way: no terminal, --yes on an unattended runbook, the code from a command. */
    private static CliRunner.Result cron(HeldSandbox sandbox, String code, String runbook, String... global)
            throws Exception {
        List<String> args = new ArrayList<>(List.of(global));
        args.addAll(List.of("run", runbook, "--yes", "--mfa-command", "echo " + code));
        return sandbox.guard("alice", new ScriptedTerminal(false), args.toArray(String[]::new));
    }

    @Test
    void aQuietRunThatSucceedsPrintsNothingAndActs() throws Exception {
        String code = code("alice");
        try (HeldSandbox sandbox = new HeldSandbox(dir)) {
            var r = cron(sandbox, code, "cleanup-dev-instances", "--quiet");

            assertThat(r.exitCode()).as(r.err()).isZero();
            assertThat(r.out()).isEmpty();
            assertThat(r.err()).isEmpty();
            assertThat(sandbox.changes()).isNotEmpty();
            assertThat(sandbox.instanceState(DEV, C)).isEqualTo("terminated");
            assertThat(sandbox.instanceState(DEV, D)).isEqualTo("terminated");
        }
    }

    @Test
    void aQuietRunThatIsRefusedSaysOnlyItsStoppedLineAndChangesNothing() throws Exception {
        Path runbook = tooFewTargets();
        try (HeldSandbox sandbox = new HeldSandbox(dir)) {
            var r = cron(sandbox, code("alice"), runbook.toString(), "--quiet");

            assertThat(r.exitCode()).isEqualTo(3);
            assertThat(r.out()).isEmpty();
            assertThat(r.err().lines().toList())
                    .singleElement()
                    .asString()
                    .startsWith("Stopped: ")
                    .endsWith("(exit code 3)");
            assertThat(sandbox.changes()).isEmpty();
            assertThat(sandbox.instanceState(DEV, C)).isEqualTo("stopped");
        }
    }

    @Test
    void quietWithAJsonLogSaysOnlyTheRunEndAsOneJsonLine() throws Exception {
        Path runbook = tooFewTargets();
        try (HeldSandbox sandbox = new HeldSandbox(dir)) {
            var r = cron(sandbox, code("alice"), runbook.toString(), "--quiet", "--log-format", "json");

            assertThat(r.exitCode()).isEqualTo(3);
            assertThat(r.out()).isEmpty();
            List<JsonNode> lines = jsonLines(r.err());
            assertThat(lines).hasSize(1);
            assertThat(lines.get(0).get("event").asText()).isEqualTo("run.end");
            assertThat(lines.get(0).get("level").asText()).isEqualTo("error");
            assertThat(lines.get(0).get("exitCode").asInt()).isEqualTo(3);
            assertThat(lines.get(0).get("summary").asText()).contains("refused");
            assertThat(sandbox.changes()).isEmpty();
        }
    }

    @Test
    void aJsonLogMirrorsTheAuditRecordsOneObjectPerLineWithoutSecrets() throws Exception {
        String code = code("alice");
        try (HeldSandbox sandbox = new HeldSandbox(dir)) {
            var r = cron(sandbox, code, "cleanup-dev-instances", "--log-format", "json");

            assertThat(r.exitCode()).as(r.err()).isZero();
            assertThat(r.out()).contains("Acting as").contains("Done: 2 changed"); // a person's lines: stdout
            List<JsonNode> log = jsonLines(r.err());
            assertThat(log)
                    .allSatisfy(l -> assertThat(l.fieldNames())
                            .toIterable()
                            .startsWith("time", "level", "event")
                            .doesNotContain("prev", "run"));
            assertThat(log.stream().map(l -> l.get("event").asText()).distinct())
                    .containsExactly(
                            "run.start", "credentials", "targets", "confirmation", "batch", "outcome", "run.end");
            assertThat(log.stream()
                            .filter(l -> l.get("event").asText().equals("outcome"))
                            .map(l ->
                                    l.get("id").asText() + " " + l.get("status").asText()))
                    .containsExactlyInAnyOrder(C + " done", D + " done");
            JsonNode end = log.get(log.size() - 1);
            assertThat(end.get("exitCode").asInt()).isZero();

            // Each record of the audit log, but the outcomes (one line per target here), is a line
            // of the log with the same fields in the same order, the chain aside.
            List<JsonNode> audit = jsonLines(Files.readString(dir.resolve("audit.jsonl")));
            List<JsonNode> mirrored = log.stream()
                    .filter(l ->
                            !List.of("outcome", "batch").contains(l.get("event").asText()))
                    .map(SchedulerOutputIT::withoutTimeAndLevel)
                    .toList();
            List<JsonNode> recorded = audit.stream()
                    .filter(l -> !l.get("event").asText().equals("outcomes"))
                    .map(SchedulerOutputIT::withoutChain)
                    .toList();
            assertThat(mirrored).isEqualTo(recorded);

            // Secret-free: the seeded keys, the code, and the session the run was issued.
            assertNoSecrets(r, code);
            List<Path> cached;
            try (var files = Files.list(dir.resolve("cache/guard/sessions"))) {
                cached = files.toList();
            }
            assertThat(cached).isNotEmpty();
            for (Path file : cached) {
                JsonNode session = JSON.readTree(file.toFile());
                assertThat(r.err())
                        .doesNotContain(session.get("secretAccessKey").asText())
                        .doesNotContain(session.get("sessionToken").asText());
            }
            assertThat(sandbox.instanceState(DEV, C)).isEqualTo("terminated");
        }
    }

    @Test
    void aRunStoppedByAnErrorEndsItsJsonLogWithTheRunEndAndTheErrorNeverTheCode() throws Exception {
        String wrong = String.format("%06d", (Integer.parseInt(code("alice")) + 500_000) % 1_000_000);
        try (HeldSandbox sandbox = new HeldSandbox(dir)) {
            var r = cron(sandbox, wrong, "cleanup-dev-instances", "--log-format", "json");

            assertThat(r.exitCode()).isEqualTo(4);
            List<JsonNode> log = jsonLines(r.err());
            assertThat(log.stream().map(l -> l.get("event").asText())).containsExactly("run.start", "run.end", "error");
            JsonNode end = log.get(1);
            assertThat(end.get("level").asText()).isEqualTo("error");
            assertThat(end.get("exitCode").asInt()).isEqualTo(4);
            JsonNode error = log.get(2);
            assertThat(error.get("exitCode").asInt()).isEqualTo(4);
            assertThat(error.get("message").asText())
                    .isEqualTo(end.get("error").asText())
                    .contains("MFA");
            assertNoSecrets(r, wrong);
            assertThat(sandbox.calls("ec2")).isEmpty();
            assertThat(sandbox.changes()).isEmpty();
        }
    }

    @Test
    void withOutputJsonStdoutKeepsItsOneDocumentAndStderrIsOnlyTheJsonLog() throws Exception {
        try (HeldSandbox sandbox = new HeldSandbox(dir)) {
            var r = cron(sandbox, code("alice"), "cleanup-dev-instances", "--output", "json", "--log-format", "json");

            assertThat(r.exitCode()).as(r.err()).isZero();
            JsonNode doc = JSON.readTree(r.out());
            assertThat(doc.get("result").get("exitCode").asInt()).isZero();
            assertThat(jsonLines(r.err()))
                    .isNotEmpty()
                    .last()
                    .satisfies(l -> assertThat(l.get("event").asText()).isEqualTo("run.end"));
            assertThat(sandbox.instanceState(DEV, D)).isEqualTo("terminated");
        }
    }

    @Test
    void quietWithOutputJsonPrintsTheDocumentAndNothingElse() throws Exception {
        try (HeldSandbox sandbox = new HeldSandbox(dir)) {
            var r = cron(sandbox, code("alice"), "cleanup-dev-instances", "--quiet", "--output", "json");

            assertThat(r.exitCode()).as(r.err()).isZero();
            assertThat(JSON.readTree(r.out()).get("result").get("summary").asText())
                    .contains("2 changed");
            assertThat(r.err()).isEmpty();
        }
    }

    /** cleanup-dev-instances with maxTargets 1: both stopped dev instances match, the guards refuse. */
    private Path tooFewTargets() throws Exception {
        Path runbook = dir.resolve("cleanup.yaml");
        Files.writeString(
                runbook,
                Files.readString(Path.of("runbooks/cleanup-dev-instances.yaml"))
                        .replace("maxTargets: 20", "maxTargets: 1"));
        return runbook;
    }

    /** Every line of {@code text} is one JSON object; fails on any line that is not. */
    static List<JsonNode> jsonLines(String text) throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : text.lines().toList()) {
            JsonNode node = JSON.readTree(line);
            assertThat(node.isObject()).as(line).isTrue();
            lines.add(node);
        }
        return lines;
    }

    private static JsonNode withoutTimeAndLevel(JsonNode line) {
        ObjectNode copy = line.deepCopy();
        copy.remove(List.of("time", "level"));
        return copy;
    }

    private static JsonNode withoutChain(JsonNode line) {
        ObjectNode copy = line.deepCopy();
        copy.remove(List.of("time", "run", "prev"));
        return copy;
    }
}
