package dev.guard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.guard.sandbox.SandboxFixture;
import dev.guard.sandbox.server.Journal;
import dev.guard.term.ScriptedTerminal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;

/**
 * {@code ec2:StartInstances} end to end on a sandbox, judged by the sandbox's own state and journal:
 * a dry run sends only DryRun calls and changes nothing; a real run leaves the stopped dev instances
 * running; an instance already running is skipped as already done.
 */
class StartInstancesIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DEVELOPMENT = "222222222222";
    private static final List<String> STOPPED_DEV = List.of("i-0a22222222222222c", "i-0a22222222222222d");

    @TempDir
    Path dir;

    private final SandboxFixture f;

    StartInstancesIT() throws Exception {
        f = new SandboxFixture();
    }

    @AfterEach
    void stop() {
        f.close();
    }

    @Test
    void aDryRunSendsOnlyDryRunCallsAndARealRunLeavesTheStoppedDevInstancesRunning() throws Exception {
        f.sandbox.journal().clear();
        var dry = guard("runbooks/start-dev-instances.yaml", "--dry-run");

        assertThat(dry.exitCode()).as(dry.out() + dry.err()).isZero();
        assertThat(changes())
                .as("non-Describe EC2 calls of the dry run")
                .isNotEmpty()
                .allSatisfy(e -> {
                    assertThat(e.decision()).isEqualTo("DryRunOperation");
                    assertThat(e.mutated()).isFalse();
                });
        assertThat(f.sandbox.journal().anyMutation()).isFalse();
        STOPPED_DEV.forEach(id -> assertThat(state(id)).as(id).isEqualTo(InstanceStateName.STOPPED));

        f.sandbox.journal().clear();
        var real = guard("runbooks/start-dev-instances.yaml");

        assertThat(real.exitCode()).as(real.out() + real.err()).isZero();
        assertThat(statuses(real)).containsExactly("done", "done");
        assertThat(changes())
                .extracting(e -> e.action() + " " + e.mutated())
                .containsExactly("ec2:StartInstances true");
        STOPPED_DEV.forEach(id -> assertThat(state(id)).as(id).isEqualTo(InstanceStateName.RUNNING));
        assertThat(state("i-0a22222222222222a")).isEqualTo(InstanceStateName.RUNNING); // never stopped
    }

    @Test
    void anInstanceAlreadyRunningIsSkippedAsAlreadyDoneAndOnlyTheStoppedOneIsStarted() throws Exception {
        Path runbook = dir.resolve("start-two.yaml");
        Files.writeString(
                runbook,
                Files.readString(Path.of("runbooks/start-dev-instances.yaml"))
                        .replace("name: start-dev-instances", "name: start-two")
                        .replace(
                                "      selector:\n        tags: {env: dev}\n        states: [stopped]\n",
                                "      instanceIds: [i-0a22222222222222a, i-0a22222222222222c]\n")
                        .replace("      expectStates: [stopped]\n", ""));
        f.sandbox.journal().clear();
        var r = guard(runbook.toString());

        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        JsonNode outcomes = step(r).get("outcomes");
        List<String> lines = new ArrayList<>();
        outcomes.forEach(o -> lines.add(o.get("id").asText() + " "
                + o.get("status").asText() + " " + o.get("detail").asText()));
        assertThat(lines)
                .anySatisfy(l ->
                        assertThat(l).startsWith("i-0a22222222222222a skipped").contains("already running"))
                .anySatisfy(l ->
                        assertThat(l).startsWith("i-0a22222222222222c done").contains("stopped →"));
        assertThat(state("i-0a22222222222222c")).isEqualTo(InstanceStateName.RUNNING);
        assertThat(changes())
                .extracting(Journal.Entry::resource)
                .containsExactly("arn:aws:ec2:us-east-1:" + DEVELOPMENT + ":instance/i-0a22222222222222c");
    }

    /** The EC2 requests other than reads, as the sandbox journaled them. */
    private List<Journal.Entry> changes() {
        return f.sandbox.journal().entries().stream()
                .filter(e -> e.service().equals("ec2") && !e.action().startsWith("ec2:Describe"))
                .toList();
    }

    private InstanceStateName state(String id) {
        return SandboxFixture.describe(f.ec2(f.privilegedRole(DEVELOPMENT)), id)
                .state()
                .name();
    }

    private static JsonNode step(CliRunner.Result r) throws Exception {
        JsonNode steps = JSON.readTree(r.out()).get("result").get("steps");
        return steps.get(steps.size() - 1);
    }

    private static List<String> statuses(CliRunner.Result r) throws Exception {
        List<String> out = new ArrayList<>();
        step(r).get("outcomes").forEach(o -> out.add(o.get("status").asText()));
        return out;
    }

    /** {@code guard --output json run RUNBOOK ARGS} as alice against the fixture's sandbox, typing "development". */
    private CliRunner.Result guard(String runbook, String... more) throws Exception {
        var alice = f.user("alice");
        Path config = TestConfig.write(dir);
        List<String> args = new ArrayList<>(List.of(
                "--config",
                config.toString(),
                "--output",
                "json",
                "run",
                Path.of(runbook).toAbsolutePath().toString(),
                "--mfa-code",
                f.nextCode("alice")));
        args.addAll(List.of(more));
        var result = new CliRunner()
                .in(dir)
                .terminal(new ScriptedTerminal(true, "development", "development"))
                .env("XDG_CACHE_HOME", dir.resolve("cache").toString())
                .env("XDG_STATE_HOME", dir.resolve("state").toString())
                .env("AWS_ENDPOINT_URL", f.endpoint().toString())
                .env("AWS_ACCESS_KEY_ID", alice.accessKeyId())
                .env("AWS_SECRET_ACCESS_KEY", alice.secretAccessKey())
                .run(args.toArray(String[]::new));
        f.nextTotpStep(); // the code is used: the fixture's own calls take the next one
        return result;
    }
}
