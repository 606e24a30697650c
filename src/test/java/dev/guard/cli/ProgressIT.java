package dev.guard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.guard.sandbox.SandboxFixture;
import dev.guard.sandbox.seed.FaultSpec;
import dev.guard.sandbox.seed.Faults;
import dev.guard.sandbox.seed.SeedLoader;
import dev.guard.sandbox.seed.SeedWorld;
import dev.guard.term.ScriptedTerminal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Progress without a terminal, as cron or CI logs it, through the real SDK against a sandbox whose
 * EC2 answers slowly (fault latency): a plain "… still …" line on the run's own stream while a slow
 * call, the bulk change and the wait go on, with the counts; none at all for a run whose work is
 * quick. {@code GUARD_PROGRESS_EVERY=1} makes the period a second so the slow run stays short.
 */
class ProgressIT {
    private static final List<String> STOPPED_DEV = List.of("i-0a22222222222222c", "i-0a22222222222222d");

    @TempDir
    Path home;

    private SandboxFixture sandbox;

    @AfterEach
    void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void aSlowRunWithoutATerminalSaysWhatItIsStillDoingWithTheCounts() throws Exception {
        start("ec2:DescribeInstances:latency=1800", "ec2:TerminateInstances:latency=1800");

        var r = cron("GUARD_PROGRESS_EVERY", "1");

        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(terminated()).containsExactlyInAnyOrderElementsOf(STOPPED_DEV);
        List<String> still = still(r.out());
        assertThat(still)
                .anyMatch(l -> l.matches(
                        "  … still reading targets of step 1/1 › ec2 DescribeInstances in development, 1 s so far"))
                .anyMatch(l -> l.matches(
                        "  … still terminating instances 0/2 › ec2 TerminateInstances in development, 1 s so far"))
                .anyMatch(l -> l.matches("  … still waiting for 2 instances to reach terminated"
                        + " › ec2 DescribeInstances in development, 1 s so far"));
        // Never more often than the period, and none for work younger than it.
        assertThat(still).doesNotHaveDuplicates().noneMatch(l -> l.endsWith(", 0 s so far"));
        // On the run's own stream, in order: the targets were read before they were listed.
        assertThat(r.out().indexOf("still reading targets"))
                .isLessThan(r.out().indexOf("Step 1/1 terminate-stopped-dev — ec2:TerminateInstances in"));
        assertThat(r.err()).doesNotContain("still");
    }

    @Test
    void aQuickRunPrintsNoProgressLine() throws Exception {
        start();

        var r = cron();

        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(terminated()).containsExactlyInAnyOrderElementsOf(STOPPED_DEV);
        assertThat(r.out() + r.err()).doesNotContain("still").doesNotContain("so far");
    }

    @Test
    void aPeriodThatIsNotWholeSecondsIsRefusedBeforeAnyChange() throws Exception {
        start();

        var r = cron("GUARD_PROGRESS_EVERY", "0.5");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err())
                .isEqualTo("guard: GUARD_PROGRESS_EVERY='0.5': whole seconds between plain progress lines,"
                        + " from 1 to 3600\n");
        assertThat(sandbox.sandbox.journal().entries())
                .noneMatch(e -> e.service().equals("ec2"));
    }

    private void start(String... faults) throws Exception {
        List<Faults.Rule> rules = new ArrayList<>();
        for (String f : faults) {
            rules.add(FaultSpec.parse(f));
        }
        SeedWorld seed = SeedLoader.bundled();
        sandbox = new SandboxFixture(seed.withFaults(new Faults(rules)));
    }

    /** cron's way: no terminal, --yes on an unattended runbook, the MFA code on the command line. */
    private CliRunner.Result cron(String... variables) {
        CliRunner runner = new CliRunner()
                .terminal(new ScriptedTerminal(false))
                .home(home)
                .env("XDG_CACHE_HOME", home.resolve("cache").toString())
                .env("AWS_ENDPOINT_URL", sandbox.endpoint().toString())
                .env("AWS_ACCESS_KEY_ID", sandbox.keys("alice").accessKeyId())
                .env("AWS_SECRET_ACCESS_KEY", sandbox.keys("alice").secretAccessKey());
        for (int i = 0; i + 1 < variables.length; i += 2) {
            runner.env(variables[i], variables[i + 1]);
        }
        String code = sandbox.nextCode("alice");
        sandbox.nextTotpStep();
        return runner.run("run", "cleanup-dev-instances", "--yes", "--mfa-code", code);
    }

    /** The selected instances that are terminated now, read from the sandbox with alice's role. */
    private List<String> terminated() {
        var ec2 = sandbox.ec2(sandbox.privilegedRole("222222222222"));
        return ec2.describeInstances(r -> r.instanceIds(STOPPED_DEV)).reservations().stream()
                .flatMap(r -> r.instances().stream())
                .filter(i -> i.state().nameAsString().equals("terminated"))
                .map(i -> i.instanceId())
                .toList();
    }

    private static List<String> still(String out) {
        return out.lines().filter(l -> l.startsWith("  … still ")).toList();
    }
}
