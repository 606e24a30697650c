package dev.guard.run;

import dev.guard.action.BatchOutcomes;
import dev.guard.action.StepContext;
import dev.guard.action.StepFailure;
import dev.guard.action.StopSignal;
import dev.guard.audit.AuditEvent;
import dev.guard.auth.MfaDevice;
import dev.guard.aws.AwsClients;
import dev.guard.aws.Calls;
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
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The run pipeline's on-line half, in order (DESIGN.md §4). The offline half — load, validate,
 * parameters, credential plan — made the {@link Plan} this starts from; then: lock → identify the
 * caller → MFA device → plan for the caller → sessions / MFA → discover → guards → confirm →
 * execute → wait ({@link Executor}) → audit; the caller renders the report. Every run that started
 * ends in the audit log, whatever stops it.
 */
public final class Pipeline {
    private final RunContext context;

    public Pipeline(RunContext context) {
        this.context = context;
    }

    public Executor.Report run(RunRequest request) {
        RunLocks locks = RunLocks.take(context, request);
        StopSignal stop = context.stops().arm(context.say());
        try {
            return online(request, locks, stop);
        } catch (PromptCancelled e) {
            // Prompts before the confirmation (the MFA code) come before any change.
            String why = "cancelled at " + e.where() + "; nothing was changed";
            context.audit().write(new AuditEvent.Cancelled(why));
            throw new GuardException(ExitCode.INTERRUPTED, why);
        } catch (GuardException e) {
            context.audit()
                    .write(
                            e.exitCode() == ExitCode.INTERRUPTED
                                    ? new AuditEvent.Cancelled(e.getMessage())
                                    : new AuditEvent.Failed(e.exitCode(), e.getMessage()));
            throw e;
        } catch (RuntimeException e) {
            context.audit()
                    .write(new AuditEvent.Failed(
                            ExitCode.ACTION_FAILED,
                            "internal error: " + e.getClass().getSimpleName()));
            throw e;
        } finally {
            locks.close(); // after run.end is written
            // The run has reported: a Ctrl-C waiting in the shutdown hook may let the JVM go.
            context.stops().disarm();
        }
    }

    private Executor.Report online(RunRequest request, RunLocks locks, StopSignal stop) {
        Plan offline = request.plan();
        String stsRegion =
                offline.steps().isEmpty() ? "us-east-1" : offline.steps().get(0).region();
        Connection connection = context.connection();
        try (AwsClients clients = new AwsClients(
                connection.endpoint(),
                AwsClients.attemptTimeout(context.env().get(AwsClients.ATTEMPT_TIMEOUT_VARIABLE)))) {
            Calls calls = Calls.standard(line -> context.warn().accept(Printable.of(line)));
            CredentialBroker broker =
                    new CredentialBroker(clients, calls, connection.base(), stsRegion, connection.roleProfile());
            CredentialBroker.Caller caller = identifyCaller(broker, request);
            MfaDevice device = mfaDevice(broker, offline);
            // With the session cache, every MFA role is reached through one GetSessionToken(MFA)
            // session (aws-vault's way): the next run within its life needs no code at all.
            boolean cached =
                    (connection.cacheSessions() || connection.memorySessions().isPresent())
                            && device.serial().isPresent();
            Plan plan = new PlanBuilder(context.actions(), context.config(), context.env())
                    .forCaller(offline, caller.identity(), device, cached);
            Map<String, CredentialBroker.StepSession> sessions =
                    new SessionStage(context, request, broker).acquire(plan, caller, device, cached, stop);
            Function<PlannedStep, StepContext> steps = step -> new StepContext(
                    clients,
                    sessions.get(step.step().id()).provider(),
                    step.region(),
                    step.account().label() + ", " + step.region(),
                    calls,
                    context.say(),
                    Duration.ofMinutes(10),
                    connection.pollInterval(),
                    step.step().guards(),
                    BatchOutcomes.NONE,
                    stop);
            Executor.Report report = execute(plan, steps, request, locks, stop);
            context.audit().write(new AuditEvent.RunEnd(report.exitCode(), report.summary()));
            return report;
        }
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
                        connection.endpoint().map(URI::toString).orElse("aws"),
                        Owner.current()));
        return caller;
    }

    /** The MFA device: looked up (or checked) only when the plan asks for a code. */
    private MfaDevice mfaDevice(CredentialBroker broker, Plan offline) {
        return offline.credentials().mfaPrompts() > 0
                ? broker.device(context.connection().device().orElse(offline.mfaDevice()))
                : offline.mfaDevice();
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
