package dev.guard.run;

import dev.guard.action.StopSignal;
import dev.guard.audit.AuditEvent;
import dev.guard.auth.BaseIdentity;
import dev.guard.auth.MfaDevice;
import dev.guard.credentials.BaseCredentials;
import dev.guard.credentials.Connection;
import dev.guard.credentials.CredentialBroker;
import dev.guard.credentials.MfaCodeSource;
import dev.guard.credentials.MfaCodes;
import dev.guard.credentials.SessionCache;
import dev.guard.credentials.SessionNames;
import dev.guard.error.ExitCode;
import dev.guard.error.GuardException;
import dev.guard.plan.Plan;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The sessions / MFA stage: the MFA sessions a run may reuse (the shell's in memory, or the disk
 * cache), the code source chosen only when a code is first needed, then the STS calls of the
 * credential plan, written to the audit log and shown.
 */
final class SessionStage {
    private static final DateTimeFormatter CLOCK =
            DateTimeFormatter.ofPattern("HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private final RunContext context;
    private final RunRequest request;
    private final CredentialBroker broker;
    /** The MFA session the run looked for in the disk cache, to say why it found none. */
    private Optional<SessionCache.Key> cacheKey = Optional.empty();

    SessionStage(RunContext context, RunRequest request, CredentialBroker broker) {
        this.context = context;
        this.request = request;
        this.broker = broker;
    }

    /** @return each step's credentials, by step id */
    Map<String, CredentialBroker.StepSession> acquire(
            Plan plan, CredentialBroker.Caller caller, MfaDevice device, boolean cached, StopSignal stop) {
        CredentialBroker.MfaSessions reusable = reusable(plan, caller, device, cached);
        Supplier<MfaCodeSource> codes = codes(device);
        // Only an IAM user's own name: a role or federated session may already carry a source
        // identity from its IdP, which AWS refuses to change, and "unknown" would stick forever.
        if (context.config().sessions().sourceIdentity() && caller.identity().kind() == BaseIdentity.Kind.IAM_USER) {
            caller.identity().name().ifPresent(broker::nameSessionsAfter);
        }
        // CloudTrail names who ran what: the human and the runbook, or the runner and the plan.
        String sessionName = SessionNames.roleSessionName(
                caller.identity().name().orElse("unknown"),
                request.runner()
                        .map(RunRequest.Runner::planId)
                        .orElse(plan.runbook().name()));
        if (stop.requested()) {
            // Ctrl-C while guard found out who you are: no MFA prompt after it.
            throw new GuardException(ExitCode.INTERRUPTED, "interrupted by " + stop.cause() + "; nothing was changed");
        }
        Set<String> deferred = SetSessions.deferred(plan);
        broker.deferChainedRoles(deferred);
        CredentialBroker.Acquired acquired = broker.acquire(plan.credentials(), device, codes, sessionName, reusable);
        context.audit()
                .write(new AuditEvent.Credentials(
                        device.serial().orElse("none"),
                        acquired.inOrder().stream()
                                .map(s -> new AuditEvent.Session(
                                        s.how(), s.expires().map(Object::toString)))
                                .toList()));
        acquired.inOrder().stream()
                .filter(s -> !SetSessions.isDeferred(s, deferred))
                .forEach(s -> context.say()
                        .accept("Credentials: " + s.how()
                                + s.expires()
                                        .map(e -> ", valid until " + CLOCK.format(e))
                                        .orElse("")));
        SetSessions.line(deferred).ifPresent(context.say());
        return acquired.byStep();
    }

    /** The MFA sessions this run may use and keep: the shell's in memory, or the disk cache's. */
    private CredentialBroker.MfaSessions reusable(
            Plan plan, CredentialBroker.Caller caller, MfaDevice device, boolean cached) {
        Connection connection = context.connection();
        Optional<Duration> maxAge = plan.runbook().mfa().maxAgeSeconds().stream()
                .mapToObj(Duration::ofSeconds)
                .findFirst();
        if (!cached || connection.memorySessions().isPresent()) {
            return connection
                    .memorySessions()
                    .map(m -> CredentialBroker.MfaSessions.youngerThan(m, maxAge))
                    .orElse(CredentialBroker.MfaSessions.NONE);
        }
        SessionCache.Key key = new SessionCache.Key(
                connection.endpointName(),
                connection.base().resolveCredentials().accessKeyId(),
                caller.arn(),
                device.serial().orElseThrow());
        cacheKey = Optional.of(key);
        return context.sessionCache().get().sessions(key, maxAge);
    }

    /**
     * The code source, chosen when a code is first needed, so a run needing none never fails for
     * lack of one; without any source it fails there, before any change. Chosen once for the run:
     * {@code --mfa-code}'s "used once" rule must hold across calls.
     */
    private Supplier<MfaCodeSource> codes(MfaDevice device) {
        return new Supplier<>() {
            private MfaCodeSource chosen;

            @Override
            public MfaCodeSource get() {
                if (chosen == null) {
                    chosen = choose(device);
                }
                return chosen;
            }
        };
    }

    private MfaCodeSource choose(MfaDevice device) {
        if (request.runner().isPresent()) {
            // The runner's credential plan sends no code; asking for one would hang a scheduler.
            throw new IllegalStateException("the runner's credential plan asked for an MFA code");
        }
        return MfaCodes.choose(
                        request.mfaCode(),
                        request.mfaCommand(),
                        context.env(),
                        context.terminal(),
                        context.connection().codeHint())
                .orElseThrow(() -> new GuardException(ExitCode.AUTH_FAILED, noSession(device)));
    }

    /**
     * Why a run without a terminal cannot go on, for whoever reads the scheduler's mail or journal:
     * no MFA session (never primed, expired, logged out), or one too old for the runbook.
     */
    private String noSession(MfaDevice device) {
        String serial = device.serial().orElse("your MFA device");
        Connection connection = context.connection();
        if (connection.privateSandbox() || !connection.cacheSessions()) {
            // No cached session could have served this run (a sandbox of its own, --no-session-cache).
            return "an MFA code is needed for " + serial + " and there is no terminal to ask on; pass --mfa-command"
                    + " (or set GUARD_MFA_COMMAND), or run guard login on a terminal first so runs use its cached"
                    + " MFA session. Nothing was changed.";
        }
        OptionalLong maxAge = request.plan().runbook().mfa().maxAgeSeconds();
        boolean tooOld = maxAge.isPresent()
                && cacheKey.flatMap(k -> context.sessionCache().get().find(k, Instant.now(), Optional.empty()))
                        .isPresent();
        String what = tooOld
                ? "the cached MFA session for " + serial + " is older than this runbook's mfa.maxAgeSeconds ("
                        + maxAge.getAsLong() + " s): run guard login --force on a terminal"
                : "no MFA session: run guard login on a terminal (one MFA code serves every run until the session"
                        + " expires, up to 36 h)";
        return what + ", or pass --mfa-command (or set GUARD_MFA_COMMAND); an MFA code is needed for " + serial
                + " and there is no terminal to ask on (" + BaseCredentials.RUNNER_MODE_HINT + "). Nothing was"
                + " changed.";
    }
}
