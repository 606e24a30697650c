package dev.guard.run;

import dev.guard.action.BatchOutcomes;
import dev.guard.action.StepContext;
import dev.guard.action.StepFailure;
import dev.guard.action.StopSignal;
import dev.guard.audit.AuditEvent;
import dev.guard.auth.MfaDevice;
import dev.guard.aws.AwsClients;
import dev.guard.aws.Calls;
import dev.guard.aws.RateLimits;
import dev.guard.credentials.Connection;
import dev.guard.credentials.CredentialBroker;
import dev.guard.error.ExitCode;
import dev.guard.error.GuardException;
import dev.guard.lock.Owner;
import dev.guard.plan.Plan;
import dev.guard.plan.PlanBuilder;
import dev.guard.plan.PlannedStep;
import dev.guard.term.Printable;
import dev.guard.term.PromptCancelled;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The run pipeline's on-line half, in order (DESIGN.md §4). The offline half — load, validate,
 * parameters, credential plan — made the {@link Plan} this starts from; then: lock → identify the
 * caller → shared lock → MFA device → plan for the caller → sessions / MFA → discover → guards → confirm →
 * execute → wait ({@link Executor}) → audit; the caller renders the report. Every run that started
 * ends in the audit log, whatever stops it.
 */
public final class Pipeline {
    private final RunContext context;

    public Pipeline(RunContext context) {
        this.context = context;
    }

    /**
     * Runs the plan's on-line half and writes it to the audit trail from start to end.
     *
     * @throws GuardException when the run stops before it reports (its {@code run.end} is written)
     */
    public Executor.Report run(RunRequest request) {
        refuseUnapprovedRunner(request);
        SetSafety.refuseProtectedMembers(request);
        RunLocks locks = RunLocks.take(context, request);
        StopSignal stop = locks.watch(context.stops().arm(context.say()));
        try {
            return online(request, locks, stop);
        } catch (RuntimeException e) {
            throw ended(e);
        } finally {
            locks.close(); // after run.end is written
            // The run has reported: a Ctrl-C waiting in the shutdown hook may let the JVM go.
            context.stops().disarm();
        }
    }

    /**
     * The runner's own identity presents no MFA: only approvals, made with MFA on terminals, stand
     * in for it, so it changes nothing for a plan the caller has not verified as approved. Refused
     * before the lock and any AWS call; a dry run or discovery changes nothing and may go ahead.
     */
    private static void refuseUnapprovedRunner(RunRequest request) {
        if (request.runner().isEmpty()) {
            return;
        }
        if (request.mfaCode().isPresent() || request.mfaCommand().isPresent()) {
            throw GuardException.invalid("the unattended runner never sends an MFA code: it acts with its own"
                    + " identity for approved plans; drop --mfa-code and --mfa-command");
        }
        if (request.mode() == Executor.Mode.EXECUTE && !request.runner().get().approved()) {
            throw new GuardException(
                    ExitCode.NOT_APPROVED,
                    "the runner's own identity acts only for an approved plan, and plan "
                            + request.runner().get().planId() + " is not: apply a saved plan whose required"
                            + " approvals are in the approvals store (guard approve), or run it in a window"
                            + " primed by guard login. Nothing was done.");
        }
    }

    /** A run that stopped before it reported still ends in the audit log; returns what to throw. */
    private RuntimeException ended(RuntimeException e) {
        if (e instanceof PromptCancelled cancelled) {
            // Prompts before the confirmation (the MFA code) come before any change.
            String why = "cancelled at " + cancelled.where() + "; nothing was changed";
            context.audit().write(new AuditEvent.Cancelled(why));
            return new GuardException(ExitCode.INTERRUPTED, why);
        }
        if (e instanceof GuardException g) {
            context.audit()
                    .write(
                            g.exitCode() == ExitCode.INTERRUPTED
                                    ? new AuditEvent.Cancelled(g.getMessage())
                                    : new AuditEvent.Failed(g.exitCode(), g.getMessage()));
            return g;
        }
        context.audit()
                .write(new AuditEvent.Failed(
                        ExitCode.ACTION_FAILED,
                        "internal error: " + e.getClass().getSimpleName()));
        return e;
    }

    /** Identify the caller → MFA device → plan for the caller → sessions / MFA → the Executor → run.end. */
    private Executor.Report online(RunRequest request, RunLocks locks, StopSignal stop) {
        Plan offline = request.plan();
        try (AwsClients clients = clients()) {
            Calls calls = Calls.standard(line -> context.warn().accept(Printable.of(line)))
                    .showing(context.progress(), what -> "calling " + what);
            RateLimits limits = new RateLimits(context.config().limits().rates());
            CredentialBroker broker = broker(clients, limits.limit(calls, "sts"), offline);
            CredentialBroker.Caller caller = identifyCaller(broker, request);
            locks.takeShared(caller); // before any MFA prompt
            // The runner has no MFA device to look up and no MFA session to cache.
            boolean runner = request.runner().isPresent();
            MfaDevice device = runner ? MfaDevice.discoveredAtRunTime() : mfaDevice(broker, offline);
            boolean cached = !runner && cachesSessions(device);
            Plan plan = runner
                    ? new PlanBuilder(context.actions(), context.config(), context.env())
                            .forRunner(offline, caller.identity())
                    : planForCaller(offline, caller, device, cached);
            Map<String, CredentialBroker.StepSession> sessions =
                    new SessionStage(context, request, broker).acquire(plan, caller, device, cached, stop);
            Executor.Report report =
                    execute(plan, stepContexts(clients, calls, limits, sessions, stop), request, locks, stop);
            if (report.exitCode() == ExitCode.INTERRUPTED && locks.lost().isPresent()) {
                // Stopped by a lost shared lock, not by the operator: a scheduler sees "locked".
                report = new Executor.Report(ExitCode.LOCKED, report.steps(), report.refusals(), report.summary());
            }
            context.audit().write(new AuditEvent.RunEnd(report.exitCode(), report.summary()));
            return report;
        }
    }

    private AwsClients clients() {
        return new AwsClients(
                context.connection().endpoint(),
                AwsClients.attemptTimeout(context.env().get(AwsClients.ATTEMPT_TIMEOUT_VARIABLE)));
    }

    /** The broker for the run's STS calls, made in the first step's region. */
    private CredentialBroker broker(AwsClients clients, Calls calls, Plan offline) {
        String stsRegion =
                offline.steps().isEmpty() ? "us-east-1" : offline.steps().get(0).region();
        Connection connection = context.connection();
        return new CredentialBroker(clients, calls, connection.base(), stsRegion, connection.roleProfile());
    }

    /** Who the base credentials are; the run starts in the audit log once that is known. */
    private CredentialBroker.Caller identifyCaller(CredentialBroker broker, RunRequest request) {
        Connection connection = context.connection();
        Plan plan = request.plan();
        context.say().accept("");
        CredentialBroker.Caller caller = broker.identify();
        context.say().accept("Acting as " + caller.arn() + " (" + connection.baseDescription() + ")");
        context.audit()
                .write(new AuditEvent.RunStart(
                        request.mode().name().toLowerCase(Locale.ROOT).replace('_', '-'),
                        plan.runbook().name(),
                        plan.shownAs().toString(),
                        plan.runbook().sha256(),
                        plan.parameters(),
                        caller.arn(),
                        connection.baseDescription(),
                        connection.endpointName(),
                        Owner.current()));
        request.saved().caller().accept(caller.arn());
        return caller;
    }

    /** The MFA device: looked up (or checked) only when the plan asks for a code. */
    private MfaDevice mfaDevice(CredentialBroker broker, Plan offline) {
        return offline.credentials().mfaPrompts() > 0
                ? broker.device(context.connection().device().orElse(offline.mfaDevice()))
                : offline.mfaDevice();
    }

    /**
     * With the session cache, every MFA role is reached through one GetSessionToken(MFA) session
     * (aws-vault's way): the next run within its life needs no code at all.
     */
    private boolean cachesSessions(MfaDevice device) {
        Connection connection = context.connection();
        return (connection.cacheSessions() || connection.memorySessions().isPresent())
                && device.serial().isPresent();
    }

    /** The credential plan again, now that the caller and the device are known. */
    private Plan planForCaller(Plan offline, CredentialBroker.Caller caller, MfaDevice device, boolean cached) {
        return new PlanBuilder(context.actions(), context.config(), context.env())
                .forCaller(offline, caller.identity(), device, cached);
    }

    /** What each step's operation works with: its session, region, the retry layer, the stop signal. */
    private Function<PlannedStep, StepContext> stepContexts(
            AwsClients clients,
            Calls calls,
            RateLimits limits,
            Map<String, CredentialBroker.StepSession> sessions,
            StopSignal stop) {
        return step -> new StepContext(
                clients,
                sessions.get(step.step().id()).provider(),
                step.region(),
                step.account().label() + ", " + step.region(),
                limits.limit(calls, serviceOf(step)).showing(context.progress(), callsOf(step)),
                context.say(),
                Duration.ofMinutes(10),
                context.connection().pollInterval(),
                step.step().guards(),
                BatchOutcomes.NONE,
                stop,
                context.progress());
    }

    /** "ec2" for ec2:TerminateInstances: whose rate limit the step's calls wait for. */
    private static String serviceOf(PlannedStep step) {
        String name = step.action().name();
        return name.contains(":") ? name.substring(0, name.indexOf(':')) : name;
    }

    /** How a step's calls read while in flight: "ec2 DescribeInstances in development". */
    private static java.util.function.UnaryOperator<String> callsOf(PlannedStep step) {
        String name = step.action().name();
        String service = name.contains(":") ? name.substring(0, name.indexOf(':')) + " " : "";
        String where = " in " + step.account().alias();
        return what -> service + what + where;
    }

    /** Discover → guards → confirm → execute → wait; an AWS failure on the way is one line. */
    private Executor.Report execute(
            Plan plan, Function<PlannedStep, StepContext> steps, RunRequest request, RunLocks locks, StopSignal stop) {
        try {
            return new Executor(
                            plan,
                            steps,
                            context.terminal(),
                            context.say(),
                            request.mode(),
                            request.yes(),
                            context.audit(),
                            stop)
                    .saved(request.saved())
                    .showing(context.progress())
                    .beforeChanges(locks::lockMatched)
                    .run();
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
    }
}
