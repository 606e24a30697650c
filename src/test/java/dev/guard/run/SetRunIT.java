package dev.guard.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.guard.action.ActionRegistry;
import dev.guard.action.Outcome;
import dev.guard.action.StopSignal;
import dev.guard.audit.AuditEvent;
import dev.guard.audit.AuditTrail;
import dev.guard.auth.MfaDevice;
import dev.guard.config.Account;
import dev.guard.config.ConfigLoader;
import dev.guard.config.Environment;
import dev.guard.config.GuardConfig;
import dev.guard.credentials.Connection;
import dev.guard.error.ExitCode;
import dev.guard.error.GuardException;
import dev.guard.plan.ErrorBudget;
import dev.guard.plan.Plan;
import dev.guard.plan.PlanBuilder;
import dev.guard.plan.RunbookLoader;
import dev.guard.sandbox.SandboxFixture;
import dev.guard.sandbox.seed.FaultSpec;
import dev.guard.sandbox.seed.Faults;
import dev.guard.sandbox.seed.SeedLoader;
import dev.guard.sandbox.seed.SeedWorld;
import dev.guard.sandbox.seed.Totp;
import dev.guard.term.Progress;
import dev.guard.term.Terminal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * A step across an account set, through the pipeline and the real SDK against the sandbox: the
 * world (its journal, its instances) is checked, not only guard's report. {@code ghost} is an
 * account with no PrivilegedActionsRole: its AssumeRole is refused, so that member fails.
 */
class SetRunIT {
    private static final Path REPOSITORY = Path.of("").toAbsolutePath();
    private static final String ALICE_DEVICE = "arn:aws:iam::111111111111:mfa/alice";
    private static final Account DEVELOPMENT = new Account("development", "222222222222", Optional.empty(), false);
    private static final Account PRODUCTION = new Account("production", "444444444444", Optional.empty(), true);
    private static final Account GHOST = new Account("ghost", "555555555555", Optional.empty(), false);
    /** cleanup-dev-instances' targets in development: env=dev and stopped. */
    private static final List<String> STOPPED_DEV = List.of("i-0a22222222222222c", "i-0a22222222222222d");

    @TempDir
    Path home;

    private SandboxFixture sandbox;
    private final AuditTrail.Recording audit = new AuditTrail.Recording();
    private final List<String> said = new CopyOnWriteArrayList<>();
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
    void withBudgetOneTheOtherAccountRunsTheRefusedRoleFailsItsMemberAndTheRunIsPartial() {
        Executor.Report report = pipeline(StopSignal.NEVER, terminal(true, "1 account"))
                .run(request(
                        Executor.Mode.EXECUTE,
                        List.of(GHOST, DEVELOPMENT),
                        new ErrorBudget(1, false),
                        OptionalInt.empty()));

        assertThat(report.exitCode()).as(report.summary()).isEqualTo(ExitCode.PARTIAL);
        assertThat(terminated()).containsExactlyInAnyOrderElementsOf(STOPPED_DEV);
        assertThat(getSessionTokens()).isEqualTo(1);
        Executor.StepReport ghost = report.steps().get(0);
        assertThat(ghost.note()).hasValueSatisfying(n -> assertThat(n).contains("AssumeRole"));
        assertThat(report.steps().get(1).outcomes()).extracting(Outcome::status).containsOnly(Outcome.Status.DONE);
        assertThat(said)
                .anySatisfy(
                        l -> assertThat(l).startsWith("Credentials: AssumeRole PrivilegedActionsRole in 2 accounts"));
        assertThat(said).anySatisfy(l -> assertThat(l).startsWith("Across the set — terminate-stopped-dev"));
        // One confirmation for the set, then one per member.
        assertThat(audit.events())
                .filteredOn(AuditEvent.Confirmation.class::isInstance)
                .hasSize(3);
    }

    @Test
    void withBudgetZeroTheRefusedRoleStopsEveryStartAndNothingChanges() {
        Executor.Report report = pipeline(StopSignal.NEVER, terminal(true))
                .run(request(
                        Executor.Mode.EXECUTE,
                        List.of(GHOST, DEVELOPMENT),
                        ErrorBudget.NONE_ALLOWED,
                        OptionalInt.empty()));

        assertThat(report.exitCode()).as(report.summary()).isEqualTo(ExitCode.ACTION_FAILED);
        assertThat(sandbox.sandbox.journal().anyMutation()).isFalse();
        assertThat(report.steps().get(1).note())
                .hasValueSatisfying(n -> assertThat(n)
                        .isEqualTo("not started: error budget maxErrors=0 exceeded: 1 of 2 members failed"));
        assertThat(report.steps().get(1).outcomes()).extracting(Outcome::status).containsOnly(Outcome.Status.SKIPPED);
    }

    @Test
    void atMostMaxConcurrencyMembersAreInFlightAtOnce() throws Exception {
        sandbox.close();
        // Every AssumeRole held 300 ms by the sandbox: the members' roles are assumed in their workers.
        Faults slow = new Faults(List.of(FaultSpec.parse("sts:AssumeRole:latency=300")));
        sandbox = new SandboxFixture(new SeedWorld(SeedLoader.bundled().accounts(), slow));
        List<Account> accounts = IntStream.range(0, 6)
                .mapToObj(i -> new Account("ghost-" + i, "55555555550" + i, Optional.empty(), false))
                .toList();
        RunRequest request = request(Executor.Mode.DISCOVER, accounts, ErrorBudget.NONE_ALLOWED, OptionalInt.empty());

        Executor.Report report = pipeline(StopSignal.NEVER, terminal(false)).run(request);

        assertThat(sandbox.sandbox.mostDelayedAtOnce()).isEqualTo(2);
        // No member could be read: the live plan failed (1), it is not a partial success.
        assertThat(report.exitCode()).as(report.summary()).isEqualTo(ExitCode.ACTION_FAILED);
        assertThat(report.steps()).allSatisfy(s -> assertThat(s.note()).isPresent());
        assertThat(sandbox.sandbox.journal().entries())
                .filteredOn(e -> e.operation().equals("AssumeRole"))
                .hasSize(6);
        assertThat(getSessionTokens()).isEqualTo(1);
    }

    @Test
    void aDryRunIsPartialWhenSomeMembersAnswer() {
        Executor.Report some = pipeline(StopSignal.NEVER, terminal(false))
                .run(request(
                        Executor.Mode.DRY_RUN,
                        List.of(GHOST, DEVELOPMENT),
                        new ErrorBudget(1, false),
                        OptionalInt.empty()));

        assertThat(some.exitCode()).as(some.summary()).isEqualTo(ExitCode.PARTIAL);
        assertThat(sandbox.sandbox.journal().anyMutation()).isFalse();
    }

    @Test
    void aDryRunInWhichNoMemberAnswersFailed() {
        Account other = new Account("ghost-2", "555555555556", Optional.empty(), false);
        Executor.Report none = pipeline(StopSignal.NEVER, terminal(false))
                .run(request(
                        Executor.Mode.DRY_RUN, List.of(GHOST, other), new ErrorBudget(2, false), OptionalInt.empty()));

        // No member got an answer: the dry run failed (1), it is not a partial success (5).
        assertThat(none.exitCode()).as(none.summary()).isEqualTo(ExitCode.ACTION_FAILED);
        assertThat(sandbox.sandbox.journal().anyMutation()).isFalse();
    }

    @Test
    void aConfirmationThatIsNotTheNumberOfAccountsChangesNothing() {
        Executor.Report report = pipeline(StopSignal.NEVER, terminal(true, "development"))
                .run(request(
                        Executor.Mode.EXECUTE, List.of(DEVELOPMENT), ErrorBudget.NONE_ALLOWED, OptionalInt.empty()));

        assertThat(report.exitCode()).isEqualTo(ExitCode.ABORTED);
        assertThat(report.summary()).contains("'1 account' was not typed");
        assertThat(sandbox.sandbox.journal().anyMutation()).isFalse();
    }

    @Test
    void aProtectedAccountInTheSetIsRefusedBeforeAnyAwsCallUnlessApproved() {
        assertThatThrownBy(() -> pipeline(StopSignal.NEVER, terminal(true, "2 accounts"))
                        .run(request(
                                Executor.Mode.EXECUTE,
                                List.of(DEVELOPMENT, PRODUCTION),
                                ErrorBudget.NONE_ALLOWED,
                                OptionalInt.empty())))
                .isInstanceOf(GuardException.class)
                .hasMessageContaining("protected account production")
                .hasMessageContaining("guard approve")
                // This runbook has no approval: section, without which guard approve refuses the plan.
                .hasMessageContaining("guard approve needs an approval: section in the runbook")
                .satisfies(e -> assertThat(((GuardException) e).exitCode()).isEqualTo(ExitCode.ABORTED));
        assertThat(sandbox.sandbox.journal().entries()).isEmpty();
    }

    @Test
    void aLivePlanMayReadAProtectedAccountInTheSet() {
        Executor.Report report = pipeline(StopSignal.NEVER, terminal(false))
                .run(request(
                        Executor.Mode.DISCOVER,
                        List.of(DEVELOPMENT, PRODUCTION),
                        ErrorBudget.NONE_ALLOWED,
                        OptionalInt.empty()));

        assertThat(report.exitCode()).as(report.summary()).isEqualTo(ExitCode.OK);
        assertThat(report.steps().get(0).targets()).hasSize(2);
        assertThat(getSessionTokens()).isEqualTo(1);
    }

    @Test
    void moreTargetsThanMaxTargetsTotalRefusesTheRunBeforeAnyChange() {
        Executor.Report report = pipeline(StopSignal.NEVER, terminal(true, "1 account"))
                .run(request(Executor.Mode.EXECUTE, List.of(DEVELOPMENT), ErrorBudget.NONE_ALLOWED, OptionalInt.of(1)));

        assertThat(report.exitCode()).isEqualTo(ExitCode.ABORTED);
        assertThat(report.refusals())
                .containsExactly("terminate-stopped-dev: 2 instances match in 1 of 1 account × 1 region, more than"
                        + " guards.maxTargetsTotal 1: refusing the whole run");
        assertThat(sandbox.sandbox.journal().anyMutation()).isFalse();
    }

    /** The targets as the sandbox has them now: gone to terminated (or on their way). */
    private List<String> terminated() {
        sandbox.nextTotpStep(); // the run spent the current code
        var ec2 = sandbox.ec2(sandbox.privilegedRole(DEVELOPMENT.id()));
        return STOPPED_DEV.stream()
                .filter(id -> List.of("terminated", "shutting-down")
                        .contains(SandboxFixture.describe(ec2, id).state().nameAsString()))
                .toList();
    }

    private long getSessionTokens() {
        return sandbox.sandbox.journal().entries().stream()
                .filter(e -> e.operation().equals("GetSessionToken"))
                .count();
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

    private RunRequest request(Executor.Mode mode, List<Account> accounts, ErrorBudget budget, OptionalInt maxTotal) {
        Path file = REPOSITORY.resolve("runbooks/cleanup-dev-instances.yaml");
        var loaded = new RunbookLoader(ActionRegistry.standard(), config()).load(file, file);
        Plan single = new PlanBuilder(ActionRegistry.standard(), config(), env())
                .build(loaded.runbook().orElseThrow(), file, Map.of());
        Plan plan = SetPlans.fanOut(single, accounts, 2, budget, maxTotal);
        return new RunRequest(plan, mode, false, false, Optional.of(code()), Optional.empty(), Duration.ZERO);
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
