package dev.guard.cli;

import dev.guard.action.StepContext;
import dev.guard.action.StepFailure;
import dev.guard.action.StopSignal;
import dev.guard.auth.MfaDevice;
import dev.guard.aws.AwsClients;
import dev.guard.aws.Calls;
import dev.guard.credentials.Connection;
import dev.guard.credentials.CredentialBroker;
import dev.guard.credentials.MfaCodeSource;
import dev.guard.credentials.MfaCodes;
import dev.guard.credentials.SessionCache;
import dev.guard.credentials.SessionNames;
import dev.guard.error.ExitCode;
import dev.guard.error.GuardException;
import dev.guard.json.Json;
import dev.guard.lock.LockKeys;
import dev.guard.lock.RunLock;
import dev.guard.plan.Plan;
import dev.guard.plan.PlanBuilder;
import dev.guard.plan.PlannedStep;
import dev.guard.run.Executor;
import dev.guard.run.Interrupt;
import dev.guard.term.Printable;
import dev.guard.term.PromptCancelled;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The part of {@code guard run} that talks to AWS (or the sandbox): who the caller is, the MFA
 * device, one code, the STS calls, then {@link Executor}. Everything before it is offline.
 */
final class LiveRun {
    private static final DateTimeFormatter CLOCK =
            DateTimeFormatter.ofPattern("HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private final Session session;
    private final Connection connection;
    private final Consumer<String> say;

    LiveRun(Session session, Connection connection, Consumer<String> say) {
        this.session = session;
        this.connection = connection;
        this.say = say;
    }

    /**
     * What {@code run} and {@code plan --live} share: the plan shown, then (after {@code
     * beforeAws}, the last chance to refuse offline) the connection, the live run and its summary;
     * under {@code --output json} one document on stdout and the operator's lines on stderr.
     *
     * @return the exit code
     */
    static int runAndReport(
            Session session,
            ConnectionOptions connection,
            Plan plan,
            Executor.Mode mode,
            boolean yes,
            boolean breakLock,
            Runnable beforeAws) {
        boolean json = session.global.json();
        PrintWriter human = json ? session.err() : session.out();
        // Every line of a run carries names, keys, tags and messages from AWS or the runbook: each is
        // escaped whole on its way to the terminal, so no value can break a line or drive the terminal.
        Consumer<String> say = line -> {
            human.println(Printable.of(line));
            human.flush();
        };
        PlanPreview preview = PlanPreview.of(session, connection, plan, yes);
        if (!json) {
            new PlanRenderer(session.style(), session.out()).render(preview, false);
        }
        beforeAws.run();
        Executor.Report report;
        try (Connections.Opened opened = Connections.open(connection, session, say)) {
            report = new LiveRun(session, opened.connection(), say)
                    .run(plan, connection.mfaCode(), connection.mfaCommand(), mode, yes, breakLock);
        }
        say.accept("");
        say.accept((report.exitCode() == ExitCode.OK ? "Done: " : "Stopped: ") + report.summary() + " (exit code "
                + report.exitCode() + ")");
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("plan", PlanJson.of(preview));
            doc.put("result", ReportJson.of(report));
            Json.write(session.out(), doc);
        }
        return report.exitCode();
    }

    /** @param breakLock take over locks left by runs that were killed ({@code --break-lock}) */
    Executor.Report run(
            Plan offline,
            Optional<String> mfaCode,
            Optional<String> mfaCommand,
            Executor.Mode mode,
            boolean yes,
            boolean breakLock) {
        String stsRegion =
                offline.steps().isEmpty() ? "us-east-1" : offline.steps().get(0).region();
        RunAudit audit = new RunAudit(session.config().auditLog(), line -> {
            session.err().println("guard: " + line);
            session.err().flush();
        });
        // Before any AWS call or MFA code: a second run on the same resources stops here.
        String lockEndpoint = connection.endpoint().map(LockKeys::endpoint).orElse("aws");
        List<String> lockKeys = LockKeys.of(lockEndpoint, offline.steps());
        List<RunLock> matchedLocks = new ArrayList<>();
        RunLock lock = mode == Executor.Mode.EXECUTE && !connection.privateSandbox()
                ? RunLock.take(
                        session.context.env().stateHome().resolve("guard/locks"),
                        lockKeys,
                        offline.runbook().name(),
                        breakLock,
                        Clock.systemUTC(),
                        line -> {
                            session.err().println("guard: " + line);
                            session.err().flush();
                        })
                : null;
        StopSignal stop = Interrupt.arm(say);
        try (AwsClients clients = new AwsClients(
                connection.endpoint(),
                AwsClients.attemptTimeout(session.context.env().get(AwsClients.ATTEMPT_TIMEOUT_VARIABLE)))) {
            Calls calls = Calls.standard(line -> session.err().println("guard: " + Printable.of(line)));
            CredentialBroker broker =
                    new CredentialBroker(clients, calls, connection.base(), stsRegion, connection.roleProfile());
            say.accept("");
            CredentialBroker.Caller caller = broker.identify();
            say.accept("Acting as " + caller.arn() + " (" + connection.baseDescription() + ")");
            Map<String, Object> start = new LinkedHashMap<>();
            start.put("mode", mode.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
            start.put("runbook", offline.runbook().name());
            start.put("file", offline.shownAs().toString());
            start.put("sha256", offline.runbook().sha256());
            start.put("parameters", offline.parameters());
            start.put("caller", caller.arn());
            start.put("credentials", connection.baseDescription());
            start.put("endpoint", connection.endpoint().map(URI::toString).orElse("aws"));
            audit.record("run.start", start);
            MfaDevice device = offline.credentials().mfaPrompts() > 0
                    ? broker.device(connection.device().orElse(offline.mfaDevice()))
                    : offline.mfaDevice();
            // With the session cache, every MFA role is reached through one GetSessionToken(MFA)
            // session (aws-vault's way): the next run within its life needs no code at all.
            boolean cached =
                    (connection.cacheSessions() || connection.memorySessions().isPresent())
                            && device.serial().isPresent();
            Plan plan = new PlanBuilder(session.actions(), session.config(), session.context.env())
                    .forCaller(offline, caller.identity(), device, cached);
            Optional<Duration> maxAge = plan.runbook().mfa().maxAgeSeconds().stream()
                    .mapToObj(Duration::ofSeconds)
                    .findFirst();
            CredentialBroker.MfaSessions mfaSessions = connection
                    .memorySessions()
                    .map(m -> CredentialBroker.MfaSessions.youngerThan(m, maxAge))
                    .orElse(CredentialBroker.MfaSessions.NONE);
            if (cached && connection.memorySessions().isEmpty()) {
                SessionCache.Key key = new SessionCache.Key(
                        connection.endpoint().map(URI::toString).orElse("aws"),
                        connection.base().resolveCredentials().accessKeyId(),
                        caller.arn(),
                        device.serial().orElseThrow());
                mfaSessions = session.sessionCache()
                        .sessions(
                                key,
                                plan.runbook().mfa().maxAgeSeconds().stream()
                                        .mapToObj(Duration::ofSeconds)
                                        .findFirst());
            }
            // The code source is chosen when a code is first needed, so a run needing none never
            // fails for lack of one; without any source it fails here, before any change.
            Supplier<MfaCodeSource> choose = () -> MfaCodes.choose(
                            mfaCode,
                            mfaCommand,
                            session.context.env(),
                            session.context.terminal(),
                            connection.codeHint())
                    .orElseThrow(() -> new GuardException(
                            ExitCode.AUTH_FAILED,
                            "an MFA code is needed for " + device.serial().orElse("your MFA device")
                                    + " and there is no terminal to ask on; pass --mfa-command (or set"
                                    + " GUARD_MFA_COMMAND), or run guard login on a terminal first so runs"
                                    + " use its cached MFA session. Nothing was changed."));
            // One source for the run, chosen once: --mfa-code's "used once" rule must hold across calls.
            Supplier<MfaCodeSource> codes = new Supplier<>() {
                private MfaCodeSource chosen;

                @Override
                public MfaCodeSource get() {
                    if (chosen == null) {
                        chosen = choose.get();
                    }
                    return chosen;
                }
            };
            // Only an IAM user's own name: a role or federated session may already carry a source
            // identity from its IdP, which AWS refuses to change, and "unknown" would stick forever.
            if (session.config().sessions().sourceIdentity()
                    && caller.identity().kind() == dev.guard.auth.BaseIdentity.Kind.IAM_USER) {
                caller.identity().name().ifPresent(broker::nameSessionsAfter);
            }
            String sessionName = SessionNames.roleSessionName(
                    caller.identity().name().orElse("unknown"), plan.runbook().name());
            if (stop.requested()) {
                // Ctrl-C while guard found out who you are: no MFA prompt after it.
                throw new GuardException(
                        ExitCode.INTERRUPTED, "interrupted by " + stop.cause() + "; nothing was changed");
            }
            CredentialBroker.Acquired acquired =
                    broker.acquire(plan.credentials(), device, codes, sessionName, mfaSessions);
            Map<String, CredentialBroker.StepSession> sessions = acquired.byStep();
            audit.record(
                    "credentials",
                    Map.of(
                            "mfaDevice",
                            device.serial().orElse("none"),
                            "sessions",
                            acquired.inOrder().stream()
                                    .map(x -> Map.of(
                                            "how",
                                            x.how(),
                                            "expires",
                                            x.expires().map(Object::toString).orElse("")))
                                    .toList()));
            acquired.inOrder()
                    .forEach(s -> say.accept("Credentials: " + s.how()
                            + s.expires()
                                    .map(e -> ", valid until " + CLOCK.format(e))
                                    .orElse("")));
            Function<PlannedStep, StepContext> contexts = step -> new StepContext(
                    clients,
                    sessions.get(step.step().id()).provider(),
                    step.region(),
                    step.account().label() + ", " + step.region(),
                    calls,
                    say,
                    Duration.ofMinutes(10),
                    connection.pollInterval(),
                    step.step().guards(),
                    dev.guard.action.BatchOutcomes.NONE,
                    stop);
            try {
                Executor.Report report = new Executor(
                                plan, contexts, session.context.terminal(), say, mode, yes, audit, stop)
                        .beforeChanges(discovered -> {
                            if (lock == null) {
                                return;
                            }
                            // What a selector matched is locked too, before any confirmation: a run
                            // on one of those instances by id (or by another selector) is excluded.
                            java.util.TreeSet<String> keys = new java.util.TreeSet<>();
                            discovered.forEach(d -> keys.addAll(LockKeys.matched(
                                    lockEndpoint,
                                    d.step(),
                                    d.targets().stream().map(t -> t.id()).toList())));
                            keys.removeAll(lockKeys);
                            if (!keys.isEmpty()) {
                                matchedLocks.add(RunLock.take(
                                        session.context.env().stateHome().resolve("guard/locks"),
                                        List.copyOf(keys),
                                        offline.runbook().name(),
                                        breakLock,
                                        Clock.systemUTC(),
                                        line -> {
                                            session.err().println("guard: " + line);
                                            session.err().flush();
                                        }));
                            }
                        })
                        .run();
                Map<String, Object> end = new LinkedHashMap<>();
                end.put("exitCode", report.exitCode());
                end.put("summary", report.summary());
                if (report.exitCode() == ExitCode.INTERRUPTED) {
                    end.put("cancelled", true);
                }
                audit.record("run.end", end);
                return report;
            } catch (StepFailure e) {
                throw new GuardException(e.exitCode(), e.getMessage());
            } catch (SdkException e) {
                throw new GuardException(
                        ExitCode.ACTION_FAILED,
                        "an AWS call failed: "
                                + Optional.ofNullable(e.getMessage())
                                        .orElse(e.getClass().getSimpleName())
                                        .replaceAll("\\s+", " "));
            }
        } catch (PromptCancelled e) {
            // Prompts before the confirmation (the MFA code) come before any change.
            String why = "cancelled at " + e.where() + "; nothing was changed";
            audit.cancelled(why);
            throw new GuardException(ExitCode.INTERRUPTED, why);
        } catch (GuardException e) {
            if (e.exitCode() == ExitCode.INTERRUPTED) {
                audit.cancelled(e.getMessage());
            } else {
                audit.failed(e.exitCode(), e.getMessage());
            }
            throw e;
        } catch (RuntimeException e) {
            audit.failed(
                    ExitCode.ACTION_FAILED, "internal error: " + e.getClass().getSimpleName());
            throw e;
        } finally {
            matchedLocks.forEach(RunLock::close);
            if (lock != null) {
                lock.close(); // after run.end is recorded
            }
            // The run has reported: a Ctrl-C waiting in the shutdown hook may let the JVM go.
            Interrupt.disarm();
        }
    }
}
