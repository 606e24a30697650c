package dev.guard.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.guard.action.ActionRegistry;
import dev.guard.action.PressedStop;
import dev.guard.action.StopSignal;
import dev.guard.audit.AuditEvent;
import dev.guard.audit.AuditTrail;
import dev.guard.auth.MfaDevice;
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
import dev.guard.term.Progress;
import dev.guard.term.Terminal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The pipeline on its own, without the CLI: a {@link RunContext} built by hand against a sandbox, a
 * scripted terminal and stop switch, and the audit events it writes, in order. (The CLI's runs are
 * in {@code cli/RunSandboxIT} and friends.)
 */
class PipelineIT {
    private static final Path REPOSITORY = Path.of("").toAbsolutePath();
    private static final String ALICE_DEVICE = "arn:aws:iam::111111111111:mfa/alice";
    private static final String DEV_INSTANCE = "i-0a22222222222222a";

    @TempDir
    Path home;

    private SandboxFixture sandbox;
    private final AuditTrail.Recording audit = new AuditTrail.Recording();
    private final List<String> said = new ArrayList<>();
    private final AtomicInteger disarmed = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        sandbox = new SandboxFixture();
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void aLivePlanReadsTheTargetsWithOneCodeAndWritesTheRunFromStartToEnd() {
        Executor.Report report =
                pipeline(StopSignal.NEVER, terminal(false)).run(request(Executor.Mode.DISCOVER, Optional.of(code())));

        assertThat(report.exitCode()).as(report.summary()).isEqualTo(ExitCode.OK);
        assertThat(kinds())
                .containsExactly(
                        AuditEvent.RunStart.class,
                        AuditEvent.Credentials.class,
                        AuditEvent.Targets.class,
                        AuditEvent.RunEnd.class);
        assertThat(((AuditEvent.RunStart) audit.events().get(0)).mode()).isEqualTo("discover");
        assertThat(((AuditEvent.Targets) audit.events().get(2)).targets())
                .singleElement()
                .satisfies(t -> assertThat(t.id()).isEqualTo(DEV_INSTANCE));
        assertThat(said).contains("Acting as arn:aws:iam::111111111111:user/alice (sandbox user alice)");
        assertThat(sandbox.sandbox.journal().anyMutation()).isFalse();
        assertThat(disarmed).hasValue(1);
    }

    @Test
    void aCtrlCWhileIdentifyingTheCallerStopsBeforeAnyMfaCodeAndTheRunStillEnds() {
        StopSignal pressed = PressedStop.pressed();

        assertThatThrownBy(
                        () -> pipeline(pressed, terminal(true)).run(request(Executor.Mode.EXECUTE, Optional.empty())))
                .isInstanceOf(GuardException.class)
                .hasMessage("interrupted by Ctrl-C; nothing was changed")
                .satisfies(e -> assertThat(((GuardException) e).exitCode()).isEqualTo(ExitCode.INTERRUPTED));

        assertThat(kinds()).containsExactly(AuditEvent.RunStart.class, AuditEvent.Cancelled.class);
        // Who the caller is was asked; no session was: no MFA code, no STS session, no change.
        assertThat(sandbox.sandbox.journal().entries())
                .extracting(e -> e.action())
                .containsExactly("sts:GetCallerIdentity");
        assertThat(disarmed).hasValue(1);
    }

    @Test
    void aDeclinedConfirmationChangesNothingAndIsWrittenAsDeclined() {
        Executor.Report report = pipeline(StopSignal.NEVER, terminal(true, "not-development"))
                .run(request(Executor.Mode.EXECUTE, Optional.of(code())));

        assertThat(report.exitCode()).isEqualTo(ExitCode.ABORTED);
        assertThat(kinds())
                .containsExactly(
                        AuditEvent.RunStart.class,
                        AuditEvent.Credentials.class,
                        AuditEvent.Targets.class,
                        AuditEvent.Confirmation.class,
                        AuditEvent.RunEnd.class);
        assertThat(((AuditEvent.Confirmation) audit.events().get(3)).result()).isEqualTo("declined");
        assertThat(sandbox.sandbox.journal().anyMutation()).isFalse();
    }

    private List<Class<?>> kinds() {
        return audit.events().stream().<Class<?>>map(Object::getClass).toList();
    }

    private String code() {
        String secret = sandbox.world.mfaDevice(ALICE_DEVICE).orElseThrow().base32Secret();
        return Totp.code(secret, Instant.now());
    }

    private Pipeline pipeline(StopSignal signal, Terminal terminal) {
        Connection connection = new Connection(
                Optional.of(sandbox.endpoint()),
                StaticCredentialsProvider.create(sandbox.keys("alice")),
                "sandbox user alice",
                Optional.of(serial -> ""), // a sandbox of this process: no run lock
                Duration.ofMillis(50),
                Optional.of(MfaDevice.of(ALICE_DEVICE, MfaDevice.Source.DISCOVERED)),
                false,
                Optional.empty(),
                Optional.empty());
        StopSwitch scripted = new StopSwitch() {
            @Override
            public StopSignal arm(java.util.function.Consumer<String> say) {
                return signal;
            }

            @Override
            public void disarm() {
                disarmed.incrementAndGet();
            }
        };
        return new Pipeline(new RunContext(
                connection,
                ActionRegistry.standard(),
                config(),
                env(),
                terminal,
                () -> {
                    throw new AssertionError("a sandbox run keeps no session on disk");
                },
                audit,
                scripted,
                said::add,
                line -> {},
                Progress.NONE));
    }

    private RunRequest request(Executor.Mode mode, Optional<String> mfaCode) {
        Path file = REPOSITORY.resolve("runbooks/terminate-dev-instance.yaml");
        var loaded = new RunbookLoader(ActionRegistry.standard(), config()).load(file, file);
        Plan plan = new PlanBuilder(ActionRegistry.standard(), config(), env())
                .build(loaded.runbook().orElseThrow(), file, Map.of("instanceId", DEV_INSTANCE));
        return new RunRequest(plan, mode, false, false, mfaCode, Optional.empty(), java.time.Duration.ZERO);
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

    private static Terminal terminal(boolean interactive, String... lines) {
        java.util.Deque<String> answers = new java.util.ArrayDeque<>(List.of(lines));
        return new Terminal() {
            @Override
            public boolean interactive() {
                return interactive;
            }

            @Override
            public Optional<String> readLine(String prompt) {
                return Optional.ofNullable(answers.poll());
            }

            @Override
            public Optional<String> readSecret(String prompt) {
                throw new AssertionError("no MFA prompt expected: " + prompt);
            }

            @Override
            public void println(String line) {}
        };
    }
}
