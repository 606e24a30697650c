package dev.guard.access;

import dev.guard.auth.Acquisition;
import dev.guard.auth.BaseIdentity;
import dev.guard.auth.CredentialPlan;
import dev.guard.auth.MfaDevice;
import dev.guard.auth.StepCredentials;
import dev.guard.auth.Strategy;
import dev.guard.config.GuardConfig;
import dev.guard.credentials.CallerSession;
import dev.guard.credentials.Connection;
import dev.guard.credentials.CredentialBroker;
import dev.guard.credentials.MfaCodeSource;
import dev.guard.credentials.SessionCache;
import dev.guard.credentials.SessionNames;
import dev.guard.error.ExitCode;
import dev.guard.error.GuardException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * Obtains ad-hoc credentials from the MFA session guard's runs use: the cached GetSessionToken(MFA)
 * session (one code for many execs and runs), or a role assumed from it without a code (role
 * chaining: at most 1 h). On disk, "find the cached session, else ask for a code and keep the new
 * one" happens under {@link SessionLock}, so parallel callers (the AWS CLI runs several {@code
 * credential_process}es at once) ask once.
 */
public final class AdHocAccess {
    /** What was obtained, and for whom (no secret in the names). */
    public record Granted(AccessCredentials credentials, String callerArn, AccessTarget target) {}

    private static final String STEP = "access";

    private final CallerSession caller;
    private final GuardConfig config;
    private final Optional<SessionCache> cache;
    private final Consumer<String> say;

    /**
     * @param cache the on-disk MFA sessions; empty when the connection keeps none on disk
     * @param say told when this caller waits for another guard's MFA prompt
     */
    public AdHocAccess(CallerSession caller, GuardConfig config, Optional<SessionCache> cache, Consumer<String> say) {
        this.caller = caller;
        this.config = config;
        this.cache = cache;
        this.say = say;
    }

    /**
     * @param policy the session policy of the role session ({@code --read-only}, {@code
     *     --session-policy}); needs a role in {@code target}
     * @param codes asked only when no MFA session is usable
     * @param region what the credentials' environment names as the region
     * @param kind names the role session in CloudTrail: guard-USER-exec, guard-USER-env, ...
     * @throws GuardException (auth failed) when STS refuses, or no code can be had
     */
    public Granted obtain(
            AccessTarget target,
            Optional<SessionPolicy> policy,
            Supplier<MfaCodeSource> codes,
            String region,
            AccessAudit.Kind kind) {
        if (policy.isPresent() && target.roleArn().isEmpty()) {
            throw new IllegalArgumentException("a session policy needs a role");
        }
        CredentialBroker broker = caller.broker();
        CredentialBroker.Caller who = broker.identify();
        CallerSession.requireIamUser(who);
        MfaDevice device = caller.device(config);
        String user = who.identity().name().orElse("unknown");
        if (config.sessions().sourceIdentity() && who.identity().kind() == BaseIdentity.Kind.IAM_USER) {
            broker.nameSessionsAfter(user);
        }
        policy.ifPresent(p -> broker.limitRoleSessionsTo(p.json()));
        CredentialPlan plan = plan(target, device);
        Connection connection = caller.connection();
        CredentialBroker.MfaSessions sessions = sessions(connection, who, device);
        String sessionName = SessionNames.roleSessionName(user, kind.word());
        Supplier<CredentialBroker.Acquired> acquire = () -> broker.acquire(plan, device, codes, sessionName, sessions);
        CredentialBroker.Acquired acquired =
                cache.isPresent() && connection.memorySessions().isEmpty()
                        ? SessionLock.holding(lockFile(cache.get()), SessionLock.LIMIT, say, acquire)
                        : acquire.get();
        CredentialBroker.StepSession session = acquired.byStep().get(STEP);
        AwsCredentials c = session.provider().resolveCredentials();
        if (!(c instanceof AwsSessionCredentials s)) {
            throw new GuardException(ExitCode.AUTH_FAILED, "STS gave credentials without a session token");
        }
        Instant expires = s.expirationTime()
                .or(session::expires)
                .orElseThrow(() -> new GuardException(ExitCode.AUTH_FAILED, "STS gave credentials without an expiry"));
        var credentials = new AccessCredentials(
                s.accessKeyId(),
                s.secretAccessKey(),
                s.sessionToken(),
                expires,
                region,
                connection.endpoint(),
                target.marker());
        return new Granted(credentials, who.arn(), target);
    }

    /** GetSessionToken with MFA (or its cached session), then the role chained from it, if any. */
    private CredentialPlan plan(AccessTarget target, MfaDevice device) {
        List<Acquisition> calls = new ArrayList<>();
        calls.add(new Acquisition.GetSessionToken(
                device.serial(), config.sessions().sessionTokenSeconds(), true));
        StepCredentials step;
        if (target.roleArn().isPresent()) {
            String role = target.roleArn().get();
            // Role chaining caps the session at 1 h whatever the role allows.
            int seconds = Math.min(config.sessions().roleSeconds(), 3600);
            calls.add(new Acquisition.AssumeRole(role, seconds, Optional.empty(), false, true));
            step = new StepCredentials(
                    STEP, Strategy.SESSION_TOKEN_THEN_ASSUME_ROLE, target.roleArn(), "ad-hoc access in " + role);
        } else {
            step = new StepCredentials(
                    STEP, Strategy.SESSION_TOKEN_WITH_MFA, Optional.empty(), "ad-hoc access as yourself");
        }
        return new CredentialPlan(List.of(step), calls, 1, List.of());
    }

    private CredentialBroker.MfaSessions sessions(
            Connection connection, CredentialBroker.Caller who, MfaDevice device) {
        if (connection.memorySessions().isPresent()) {
            return connection.memorySessions().get();
        }
        if (cache.isEmpty()) {
            return CredentialBroker.MfaSessions.NONE;
        }
        return cache.get().sessions(caller.key(who, device), Optional.empty());
    }

    /** Next to the sessions, not among them: {@code guard logout} clears that directory. */
    static Path lockFile(SessionCache cache) {
        return cache.directory().resolveSibling("sessions.lock");
    }
}
