package dev.guard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.guard.sandbox.Sandbox;
import dev.guard.sandbox.seed.Faults;
import dev.guard.sandbox.seed.SeedLoader;
import dev.guard.sandbox.seed.SeedUser;
import dev.guard.sandbox.seed.SeedWorld;
import dev.guard.sandbox.seed.Totp;
import dev.guard.term.CtrlC;
import dev.guard.term.ScriptedTerminal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An apply stopped by Ctrl-C after its first step (exit 130) resumes when applied again: the step
 * it did is left alone ("done by the apply at …"), only the steps left run, and each change reaches
 * the sandbox exactly once.
 */
class ApplyCtrlCIT {
    private static final SeedUser ALICE =
            SeedLoader.bundled().userByName("alice").orElseThrow();
    private static final Set<String> SERVICES_CHANGED = Set.of("ec2", "dynamodb", "s3");

    @TempDir
    Path home;

    private Sandbox sandbox;

    @AfterEach
    void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void anApplyStoppedByCtrlCResumesWithOnlyTheStepsLeft() throws Exception {
        var slowStop = new Faults.Rule(
                "ec2",
                "StopInstances",
                OptionalInt.empty(),
                Optional.empty(),
                OptionalLong.of(1500),
                OptionalInt.empty());
        SeedWorld seed = SeedLoader.bundled();
        sandbox = Sandbox.start(seed.withFaults(new Faults(List.of(slowStop))), 0, Clock.systemUTC(), line -> {});
        Path plan = home.resolve("mixed.plan.json");
        var planned = cli(new ScriptedTerminal(true, code()))
                .run(
                        "plan",
                        "mixed-maintenance",
                        "-p",
                        "devInstanceId=i-0a22222222222222b",
                        "-p",
                        "stagingTable=sessions-staging",
                        "--live",
                        "-o",
                        plan.toString());
        assertThat(planned.exitCode()).as(planned.out() + planned.err()).isZero();

        Thread presser = pressWhenInFlight();
        var stopped = cli(new ScriptedTerminal(true, "y", "sessions-staging", "production"))
                .run("apply", plan.toString());
        presser.join();
        assertThat(stopped.exitCode()).as(stopped.out() + stopped.err()).isEqualTo(130);
        assertThat(stopped.out()).contains("i-0a22222222222222b  done  running → stopped");
        assertThat(changes()).containsExactly("ec2:StopInstances");

        var resumed = cli(new ScriptedTerminal(true, "sessions-staging", "production"))
                .run("apply", plan.toString());
        assertThat(resumed.exitCode()).as(resumed.out() + resumed.err()).isZero();
        assertThat(resumed.err()).contains("resuming plan ").contains("exit code 130");
        assertThat(resumed.out())
                .containsPattern("i-0a22222222222222b  done by the apply at \\S+Z")
                .contains("sessions-staging  done")
                .contains("maintenance/last-window.txt  done  written");
        assertThat(changes())
                .containsExactly("ec2:StopInstances", "dynamodb:CreateBackup", "dynamodb:DeleteTable", "s3:PutObject");
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

    /** What reached AWS that changes something, in order. */
    private List<String> changes() {
        return sandbox.journal().entries().stream()
                .filter(e -> e.mutated() && SERVICES_CHANGED.contains(e.service()))
                .map(e -> e.action())
                .toList();
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
}
