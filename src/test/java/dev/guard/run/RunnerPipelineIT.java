package dev.guard.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.guard.action.ActionRegistry;
import dev.guard.action.StopSignal;
import dev.guard.audit.AuditEvent;
import dev.guard.audit.AuditTrail;
import dev.guard.config.ConfigLoader;
import dev.guard.config.Environment;
import dev.guard.config.GuardConfig;
import dev.guard.credentials.Connection;
import dev.guard.error.ExitCode;
import dev.guard.error.GuardException;
import dev.guard.plan.Plan;
import dev.guard.plan.PlanBuilder;
import dev.guard.plan.RunbookLoader;
import dev.guard.sandbox.SandboxFixture;
import dev.guard.sandbox.seed.Totp;
import dev.guard.sandbox.server.Journal;
import dev.guard.term.Progress;
import dev.guard.term.Terminal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The unattended runner's own identity through the pipeline (DESIGN.md §7), against a sandbox:
 * user {@code scheduler} has no MFA device, and {@code GuardRunnerRole} in each target account
 * trusts it without MFA. The sandbox's journal is the witness of who called what.
 */
class RunnerPipelineIT {
    private static final Path REPOSITORY = Path.of("").toAbsolutePath();
    private static final String SCHEDULER = "arn:aws:iam::111111111111:user/scheduler";
    private static final String RUNNER_ROLE = "arn:aws:iam::222222222222:role/GuardRunnerRole";
    private static final String DEV_INSTANCE = "i-0a22222222222222a";
    private static final String PLAN_ID = "plan-20261201-abc123";

    @TempDir
    Path home;

    private SandboxFixture sandbox;
    private final AuditTrail.Recording audit = new AuditTrail.Recording();
    private final List<String> said = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        sandbox = new SandboxFixture();
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void theSchedulersKeysTerminateADevInstanceThroughGuardRunnerRoleWithoutAnyMfa() {
        Executor.Report report = pipeline(config()).run(runnerRequest(RunRequest.Runner.approved(PLAN_ID)));

        assertThat(report.exitCode()).as(report.summary()).isEqualTo(ExitCode.OK);
        List<Journal.Entry> journal = sandbox.sandbox.journal().entries();
        // No MFA anywhere: no GetSessionToken, and the role was assumed by the trust statement that
        // names the scheduler without an MFA condition.
        assertThat(journal).extracting(Journal.Entry::action).doesNotContain("sts:GetSessionToken");
        Journal.Entry assumed = single(journal, "sts:AssumeRole");
        assertThat(assumed.principal()).isEqualTo(SCHEDULER);
        assertThat(assumed.resource()).isEqualTo(RUNNER_ROLE);
        assertThat(assumed.status()).isEqualTo(200);
        assertThat(assumed.decidingStatement()).contains("GuardRunnerRole-trust#SchedulerWithoutMfa");
        // The instance was terminated by that role session, which names the runner and the plan.
        Journal.Entry terminated = single(journal, "ec2:TerminateInstances");
        assertThat(terminated.status()).isEqualTo(200);
        assertThat(terminated.principal())
                .isEqualTo("arn:aws:sts::222222222222:assumed-role/GuardRunnerRole/guard-scheduler-" + PLAN_ID);
        assertThat(instanceState()).isIn("shutting-down", "terminated");
        assertThat(said)
                .contains("Acting as " + SCHEDULER + " (the runner's own identity: sandbox user scheduler)")
                .anyMatch(l -> l.startsWith("Credentials: AssumeRole " + RUNNER_ROLE));
        AuditEvent.Credentials credentials = audit.events().stream()
                .filter(AuditEvent.Credentials.class::isInstance)
                .map(AuditEvent.Credentials.class::cast)
                .findFirst()
                .orElseThrow();
        assertThat(credentials.mfaDevice()).isEqualTo("none");
    }

    @Test
    void withoutTheApprovedFlagTheRunnerIsRefusedBeforeAnyAwsCall() {
        assertThatThrownBy(() -> pipeline(config()).run(runnerRequest(new RunRequest.Runner(PLAN_ID, false))))
                .isInstanceOf(GuardException.class)
                .hasMessageContaining("the runner's own identity acts only for an approved plan")
                .hasMessageContaining(PLAN_ID)
                .satisfies(e -> assertThat(((GuardException) e).exitCode()).isEqualTo(ExitCode.NOT_APPROVED));

        assertThat(sandbox.sandbox.journal().entries()).isEmpty();
        assertThat(instanceState()).isEqualTo("running");
    }

    @Test
    void anAccountWithoutARunnerRoleIsRefusedNamingTheKeyBeforeAnyChange() throws Exception {
        Path file = home.resolve("guard.yaml");
        Files.writeString(
                file,
                Files.readString(REPOSITORY.resolve("config/guard.yaml")).replaceAll("(?m)^  runnerRole: .*$", ""));
        GuardConfig withoutRunnerRole =
                new ConfigLoader(env()).read(file).config().orElseThrow();

        assertThatThrownBy(() -> pipeline(withoutRunnerRole).run(runnerRequest(RunRequest.Runner.approved(PLAN_ID))))
                .isInstanceOf(GuardException.class)
                .hasMessageContaining("set accounts.development.runnerRole (or defaults.runnerRole)")
                .satisfies(e -> assertThat(((GuardException) e).exitCode()).isEqualTo(ExitCode.INVALID_INPUT));

        // Who the runner is was asked (its account decides); nothing else.
        assertThat(sandbox.sandbox.journal().entries())
                .extracting(Journal.Entry::action)
                .containsExactly("sts:GetCallerIdentity");
    }

    @Test
    void theSchedulersKeysInTheOperatorsModeCannotAssumeThePrivilegedRoleAndAreToldAboutTheRunnerMode() {
        // The operator's way: AssumeRole with MFA. The scheduler has no device; alice's code is no help.
        String code = Totp.code(
                sandbox.world
                        .mfaDevice("arn:aws:iam::111111111111:mfa/alice")
                        .orElseThrow()
                        .base32Secret(),
                Instant.now());
        RunRequest operatorMode = new RunRequest(
                plan(config()), Executor.Mode.EXECUTE, true, false, Optional.of(code), Optional.empty(), Duration.ZERO);

        assertThatThrownBy(() -> pipeline(config()).run(operatorMode))
                .isInstanceOf(GuardException.class)
                .hasMessageContaining("AssumeRole arn:aws:iam::222222222222:role/PrivilegedActionsRole with MFA denied")
                .hasMessageContaining("guard apply --runner of an approved plan")
                .satisfies(e -> assertThat(((GuardException) e).exitCode()).isEqualTo(ExitCode.AUTH_FAILED));

        // The sandbox refuses the MFA of a device that is not the caller's, before any policy is read.
        assertThat(sandbox.sandbox.journal().entries())
                .filteredOn(e -> e.status() == 403)
                .singleElement()
                .satisfies(e -> assertThat(e.principal()).isEqualTo(SCHEDULER))
                .satisfies(e -> assertThat(e.action()).isEqualTo("sts:AssumeRole"))
                .satisfies(e -> assertThat(e.reason())
                        .contains("MFA code for arn:aws:iam::111111111111:mfa/alice refused: NOT_THE_CALLERS_DEVICE"))
                .satisfies(e -> assertThat(e.service()).isEqualTo("sts"));
        assertThat(sandbox.sandbox.journal().anyMutation()).isFalse();
        assertThat(sandbox.sandbox.journal().entries())
                .noneMatch(e -> e.service().equals("ec2"));
    }

    @Test
    void theSchedulerInTheOperatorsModeWithNoDeviceConfiguredIsToldWhereItsWayIs() throws Exception {
        Path file = home.resolve("no-device.yaml");
        Files.writeString(
                file,
                Files.readString(REPOSITORY.resolve("config/guard.yaml"))
                        .replace("  mfaSerial: arn:aws:iam::111111111111:mfa/alice\n", ""));
        GuardConfig noDevice = new ConfigLoader(env()).read(file).config().orElseThrow();
        RunRequest operatorMode = new RunRequest(
                plan(noDevice), Executor.Mode.EXECUTE, true, false, Optional.empty(), Optional.empty(), Duration.ZERO);

        assertThatThrownBy(() -> pipeline(noDevice).run(operatorMode))
                .isInstanceOf(GuardException.class)
                .hasMessageContaining("guard could not list yours")
                .hasMessageContaining("guard apply --runner of an approved plan")
                .satisfies(e -> assertThat(((GuardException) e).exitCode()).isEqualTo(ExitCode.AUTH_FAILED));

        // Who it is, then its devices (denied: the scheduler may not list them); no STS session, no EC2.
        assertThat(sandbox.sandbox.journal().entries())
                .extracting(e -> e.service() + " " + e.status())
                .containsExactly("sts 200", "iam 403");
    }

    private static Journal.Entry single(List<Journal.Entry> journal, String action) {
        List<Journal.Entry> found =
                journal.stream().filter(e -> e.action().equals(action)).toList();
        assertThat(found).as(action + " in " + journal).hasSize(1);
        return found.get(0);
    }

    /** The dev instance's state, read as the runner's role (no MFA needed), after the run. */
    private String instanceState() {
        var role = sandbox.sts(sandbox.keys("scheduler"))
                .assumeRole(r -> r.roleArn(RUNNER_ROLE).roleSessionName("test-reads"))
                .credentials();
        return SandboxFixture.describe(sandbox.ec2(SandboxFixture.session(role)), DEV_INSTANCE)
                .state()
                .nameAsString();
    }

    private Pipeline pipeline(GuardConfig config) {
        Connection connection = new Connection(
                Optional.of(sandbox.endpoint()),
                StaticCredentialsProvider.create(sandbox.keys("scheduler")),
                "the runner's own identity: sandbox user scheduler",
                Optional.of(serial -> ""), // a sandbox of this process: no run lock
                Duration.ofMillis(50),
                Optional.empty(),
                false,
                Optional.empty(),
                Optional.empty());
        StopSwitch never = new StopSwitch() {
            @Override
            public StopSignal arm(java.util.function.Consumer<String> say) {
                return StopSignal.NEVER;
            }

            @Override
            public void disarm() {}
        };
        return new Pipeline(new RunContext(
                connection,
                ActionRegistry.standard(),
                config,
                env(),
                noTerminal(),
                () -> {
                    throw new AssertionError("the runner keeps no MFA session");
                },
                audit,
                never,
                said::add,
                line -> {},
                Progress.NONE));
    }

    /** The plan as an operator made it offline; the runner applies it, confirmed by the caller. */
    private RunRequest runnerRequest(RunRequest.Runner runner) {
        return new RunRequest(
                plan(config()),
                Executor.Mode.EXECUTE,
                true,
                false,
                Optional.empty(),
                Optional.empty(),
                Duration.ZERO,
                Optional.of(runner),
                SavedRun.NONE);
    }

    private Plan plan(GuardConfig config) {
        Path file = REPOSITORY.resolve("runbooks/terminate-dev-instance.yaml");
        var loaded = new RunbookLoader(ActionRegistry.standard(), config).load(file, file);
        return new PlanBuilder(ActionRegistry.standard(), config, env())
                .build(loaded.runbook().orElseThrow(), file, Map.of("instanceId", DEV_INSTANCE));
    }

    private Environment env() {
        return new Environment(REPOSITORY, Map.of(), home);
    }

    private GuardConfig config() {
        return new ConfigLoader(env())
                .read(REPOSITORY.resolve("config/guard.yaml"))
                .config()
                .orElseThrow();
    }

    /** A scheduler's: no terminal, and nothing may ever be asked. */
    private static Terminal noTerminal() {
        return new Terminal() {
            @Override
            public boolean interactive() {
                return false;
            }

            @Override
            public Optional<String> readLine(String prompt) {
                throw new AssertionError("nothing may be asked of a scheduler: " + prompt);
            }

            @Override
            public Optional<String> readSecret(String prompt) {
                throw new AssertionError("no MFA prompt for a scheduler: " + prompt);
            }

            @Override
            public void println(String line) {}
        };
    }
}
