package dev.guard.cli;

import static dev.guard.term.ScriptedTerminal.CTRL_C;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.guard.sandbox.Sandbox;
import dev.guard.sandbox.seed.Faults;
import dev.guard.sandbox.seed.SeedLoader;
import dev.guard.sandbox.seed.SeedUser;
import dev.guard.sandbox.seed.SeedWorld;
import dev.guard.sandbox.seed.Totp;
import dev.guard.sandbox.server.Journal;
import dev.guard.term.CtrlC;
import dev.guard.term.ScriptedTerminal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C in {@code guard run}, through the real SDK against a sandbox: at a prompt it cancels at
 * once (exit 130, one line, the audit's run.end says cancelled, nothing changes, an answer typed
 * after it is never read); mid-run the call in flight completes and is reported, the rest is skipped
 * and audited. (The real signal through a pseudo-terminal: {@link CtrlCTerminalIT}.)
 */
class CtrlCIT {
    private static final SeedUser ALICE =
            SeedLoader.bundled().userByName("alice").orElseThrow();
    private static final Set<String> SERVICES_CHANGED = Set.of("ec2", "dynamodb", "s3");

    @TempDir
    Path home;

    private Sandbox sandbox;

    @BeforeEach
    void start() throws Exception {
        sandbox = Sandbox.start(SeedLoader.bundled(), 0, Clock.systemUTC(), line -> {});
    }

    @AfterEach
    void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void ctrlCAtTheConfirmationCancelsTheRunAndTheWordTypedAfterItIsNeverRead() throws Exception {
        var terminal = new ScriptedTerminal(true, code(), CTRL_C, "development");
        var r = cli(terminal).run("run", "terminate-dev-instance", "-p", "instanceId=i-0a22222222222222a");

        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(130);
        assertThat(r.out())
                .contains("Stopped: cancelled at the confirmation prompt; nothing was changed (exit code 130)");
        assertThat(r.err()).isEmpty();
        assertThat(terminal.answers).containsExactly("development");
        List<JsonNode> audit = audit();
        assertThat(events(audit, "confirmation"))
                .singleElement()
                .satisfies(c -> assertThat(c.get("result").asText()).isEqualTo("cancelled"));
        JsonNode end = events(audit, "run.end").get(0);
        assertThat(end.get("exitCode").asInt()).isEqualTo(130);
        assertThat(end.get("cancelled").asBoolean()).isTrue();
        assertThat(changes()).isEmpty();
    }

    @Test
    void ctrlCAtTheMfaPromptCancelsBeforeAnyCredentialIsAskedFor() throws Exception {
        var r = cli(new ScriptedTerminal(true, CTRL_C))
                .run("run", "terminate-dev-instance", "-p", "instanceId=i-0a22222222222222a");

        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(130);
        assertThat(r.err()).isEqualTo("guard: cancelled at the MFA code prompt; nothing was changed\n");
        JsonNode end = events(audit(), "run.end").get(0);
        assertThat(end.get("exitCode").asInt()).isEqualTo(130);
        assertThat(end.get("cancelled").asBoolean()).isTrue();
        assertThat(sandbox.journal().entries())
                .noneMatch(e -> e.service().equals("sts") && !e.action().equals("sts:GetCallerIdentity"));
        assertThat(changes()).isEmpty();
    }

    @Test
    void ctrlCAtTheParameterPromptCancelsBeforeAnythingStarts() {
        var r = cli(new ScriptedTerminal(true, CTRL_C)).run("run", "terminate-dev-instance");

        assertThat(r.exitCode()).isEqualTo(130);
        assertThat(r.err()).isEqualTo("guard: cancelled at the parameter prompt; nothing was changed\n");
        assertThat(auditFile()).doesNotExist();
        assertThat(sandbox.journal().entries()).isEmpty();
    }

    @Test
    void ctrlCDuringACallLetsItCompleteThenSkipsAndAuditsTheRest() throws Exception {
        sandbox.close();
        // StopInstances is held in the sandbox long enough to press Ctrl-C while it is in flight.
        var slowStop = new Faults.Rule(
                "ec2",
                "StopInstances",
                OptionalInt.empty(),
                Optional.empty(),
                OptionalLong.of(1500),
                OptionalInt.empty());
        SeedWorld seed = SeedLoader.bundled();
        sandbox = Sandbox.start(seed.withFaults(new Faults(List.of(slowStop))), 0, Clock.systemUTC(), line -> {});
        Thread presser = pressWhenInFlight();

        var terminal = new ScriptedTerminal(true, code(), "y", "sessions-staging", "production");
        var r = cli(terminal)
                .run(
                        "run",
                        "mixed-maintenance",
                        "-p",
                        "devInstanceId=i-0a22222222222222b",
                        "-p",
                        "stagingTable=sessions-staging");
        presser.join();

        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(130);
        assertThat(r.out())
                .contains("Ctrl-C: stopping before the next change; a call in flight completes and is recorded")
                .contains("i-0a22222222222222b  done  running → stopped")
                .contains("step delete-staging-table not run: stopped by Ctrl-C (1 table skipped)")
                .contains("step publish-maintenance-note not run: stopped by Ctrl-C (1 object skipped)")
                .contains("Stopped: interrupted by Ctrl-C: 1 changed, 2 skipped (exit code 130)");
        // Later steps were neither asked about nor sent.
        assertThat(terminal.answers).containsExactly("sessions-staging", "production");
        assertThat(changes()).extracting(Journal.Entry::action).containsExactly("ec2:StopInstances");
        // Each step's own record; the per-batch records written as calls are answered come before it.
        List<JsonNode> outcomes = events(audit(), "outcomes").stream()
                .filter(rec -> !rec.has("batch"))
                .toList();
        assertThat(outcomes)
                .extracting(o -> o.get("step").asText() + " "
                        + o.get("outcomes").get(0).get("status").asText())
                .containsExactly(
                        "stop-dev-instance done", "delete-staging-table skipped", "publish-maintenance-note skipped");
        JsonNode end = events(audit(), "run.end").get(0);
        assertThat(end.get("exitCode").asInt()).isEqualTo(130);
        assertThat(end.get("summary").asText()).isEqualTo("interrupted by Ctrl-C: 1 changed, 2 skipped");
    }

    @Test
    void ctrlCJustAfterTheConfirmationStopsBeforeTheChangeAndTheNextRunIsNotStopped() throws Exception {
        var stopped = cli(new ScriptedTerminal(true, code(), "development" + CTRL_C))
                .run("run", "terminate-dev-instance", "-p", "instanceId=i-0a22222222222222a");
        assertThat(stopped.exitCode()).as(stopped.out() + stopped.err()).isEqualTo(130);
        assertThat(stopped.out())
                .contains("Stopped: interrupted by Ctrl-C; nothing was changed (1 skipped) (exit code 130)");
        assertThat(changes()).isEmpty();
        CtrlC.press(); // between runs (as in a shell): nobody listens, nothing happens

        // The same process (a shell) runs the next one in full, on the MFA session the first kept.
        var again = cli(new ScriptedTerminal(true, "development"))
                .run("run", "terminate-dev-instance", "-p", "instanceId=i-0a22222222222222a");
        assertThat(again.exitCode()).as(again.out() + again.err()).isZero();
        assertThat(again.out()).contains("i-0a22222222222222a  done");
        assertThat(changes()).extracting(Journal.Entry::action).containsExactly("ec2:TerminateInstances");
    }

    /** Presses Ctrl-C once a StopInstances request is held by the sandbox's latency fault. */
    private static Thread pressWhenInFlight() {
        Thread t = new Thread(() -> {
            long giveUp = System.nanoTime() + 120_000_000_000L;
            while (System.nanoTime() < giveUp) {
                boolean held = Thread.getAllStackTraces().values().stream()
                        .flatMap(Arrays::stream)
                        .anyMatch(f -> f.getClassName().endsWith("FaultInjector")
                                && f.getMethodName().equals("apply"));
                if (held) {
                    CtrlC.press();
                    return;
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        t.setDaemon(true);
        t.start();
        return t;
    }

    private CliRunner cli(ScriptedTerminal terminal) {
        return new CliRunner()
                .terminal(terminal)
                .home(home)
                .env("XDG_CACHE_HOME", home.resolve("cache").toString())
                .env("AWS_ENDPOINT_URL", sandbox.endpoint().toString())
                .env("AWS_ACCESS_KEY_ID", ALICE.accessKeyId())
                .env("AWS_SECRET_ACCESS_KEY", ALICE.secretAccessKey());
    }

    private static String code() {
        return Totp.code(ALICE.mfaDevice().orElseThrow().base32Secret(), Instant.now());
    }

    /** What reached AWS that changes something (STS sessions and reads do not). */
    private List<Journal.Entry> changes() {
        return sandbox.journal().entries().stream()
                .filter(e -> e.mutated() && SERVICES_CHANGED.contains(e.service()))
                .toList();
    }

    private Path auditFile() {
        return home.resolve(".local/state/guard/audit.jsonl");
    }

    private List<JsonNode> audit() throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> records = new ArrayList<>();
        for (String line : Files.readAllLines(auditFile())) {
            records.add(json.readTree(line));
        }
        return records;
    }

    private static List<JsonNode> events(List<JsonNode> audit, String event) {
        return audit.stream().filter(r -> r.get("event").asText().equals(event)).toList();
    }
}
