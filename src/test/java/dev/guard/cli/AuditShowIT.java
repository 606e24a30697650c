package dev.guard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.guard.term.ScriptedTerminal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code guard audit show} on the audit log real runs wrote against a held sandbox: a terminate that
 * changed the world and one declined at the confirmation, read back one block per run, as text and
 * as JSON, chosen by {@code --run} and {@code --since}; a bad value is one line and exit 2.
 */
class AuditShowIT {
    private static final String TERMINATE = "runbooks/terminate-dev-instance.yaml";

    @TempDir
    Path dir;

    @Test
    void theRunsAreShownOneBlockEachAsTextAndJson() throws Exception {
        try (HeldSandbox sandbox = new HeldSandbox(dir)) {
            var done = sandbox.run(
                    new ScriptedTerminal(true, sandbox.fixture().nextCode("alice"), "development"),
                    TERMINATE,
                    "-p",
                    "instanceId=i-0a22222222222222a");
            assertThat(done.exitCode()).as(done.err()).isZero();
            sandbox.fixture().nextTotpStep();
            var declined =
                    sandbox.run(new ScriptedTerminal(true, ""), TERMINATE, "-p", "instanceId=i-0a22222222222222b");
            assertThat(declined.exitCode()).isEqualTo(3);
            List<String> runIds = runIds(dir.resolve("audit.jsonl"));
            assertThat(runIds).hasSize(2);

            var shown = sandbox.guard("alice", ScriptedTerminal.strict(false), "audit", "show");

            assertThat(shown.exitCode()).as(shown.err()).isZero();
            String[] blocks = shown.out().split("\n\n");
            assertThat(blocks).hasSize(2);
            assertThat(blocks[0])
                    .startsWith("run " + runIds.get(0) + "  ")
                    .contains("arn:aws:iam::111111111111:user/alice")
                    .contains(
                            "  runbook terminate-dev-instance  mode execute  parameters instanceId=i-0a22222222222222a")
                    .contains("  step terminate: ec2:TerminateInstances in 222222222222 us-east-1, 1 target\n"
                            + "    i-0a22222222222222a  running\n")
                    .contains("  confirmation of terminate: typed (terminal), accepted")
                    .contains("    i-0a22222222222222a  done  running → terminated")
                    .containsPattern("  ended \\d\\d:\\d\\d:\\d\\d UTC: exit 0 — ");
            assertThat(blocks[1])
                    .startsWith("run " + runIds.get(1))
                    .contains("confirmation of terminate: typed (terminal), declined")
                    .containsPattern("ended .*: exit 3 — declined");

            var one = sandbox.guard(
                    "alice",
                    ScriptedTerminal.strict(false),
                    "audit",
                    "show",
                    "--run",
                    runIds.get(1).substring(0, 8));
            assertThat(one.out()).startsWith("run " + runIds.get(1)).doesNotContain(runIds.get(0));

            var json = sandbox.guard(
                    "alice", ScriptedTerminal.strict(false), "audit", "show", "--since", "1h", "--output", "json");
            JsonNode doc = new ObjectMapper().readTree(json.out());
            assertThat(doc.get("runs")).hasSize(2);
            assertThat(doc.get("runs").get(0).get("run").asText()).isEqualTo(runIds.get(0));
            assertThat(doc.get("runs").get(0).get("status").asText()).isEqualTo("ended");
            assertThat(doc.get("runs").get(0).get("end").get("exitCode").asInt())
                    .isZero();
            assertThat(doc.get("runs").get(1).get("end").get("exitCode").asInt())
                    .isEqualTo(3);
            assertThat(doc.get("runs").get(0).get("records").get(0).get("event").asText())
                    .isEqualTo("run.start");
        }
    }

    @Test
    void aBadSinceOrAnUnknownRunIsOneLineAndExit2() throws Exception {
        try (HeldSandbox sandbox = new HeldSandbox(dir)) {
            Files.writeString(dir.resolve("audit.jsonl"), "");
            var bad = sandbox.guard("alice", ScriptedTerminal.strict(false), "audit", "show", "--since", "2x");
            assertThat(bad.exitCode()).isEqualTo(2);
            assertThat(bad.err().strip())
                    .isEqualTo("guard: --since 2x: expected a duration such as 30m, 2h, 3d or 1w (a whole number"
                            + " of s, m, h, d or w, above 0)");
            var unknown = sandbox.guard("alice", ScriptedTerminal.strict(false), "audit", "show", "--run", "ffff");
            assertThat(unknown.exitCode()).isEqualTo(2);
            assertThat(unknown.err())
                    .contains("--run ffff: no run in the audit log")
                    .doesNotContain("Exception");
            var empty = sandbox.guard("alice", ScriptedTerminal.strict(false), "audit", "show");
            assertThat(empty.exitCode()).isZero();
            assertThat(empty.out()).startsWith("no runs in ");
        }
    }

    private static List<String> runIds(Path log) throws Exception {
        ObjectMapper json = new ObjectMapper();
        return Files.readAllLines(log).stream()
                .map(l -> {
                    try {
                        return json.readTree(l).get("run").asText();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                })
                .distinct()
                .toList();
    }
}
