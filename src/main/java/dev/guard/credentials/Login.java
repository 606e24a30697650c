package dev.guard.credentials;

import dev.guard.auth.Acquisition;
import dev.guard.auth.CredentialPlan;
import dev.guard.auth.MfaDevice;
import dev.guard.config.GuardConfig;
import dev.guard.error.ExitCode;
import dev.guard.error.GuardException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * {@code guard login}: one GetSessionToken with MFA now, kept in the session cache, so the runs that
 * follow need no code while it lasts. Does nothing when a cached session is still good, unless forced.
 */
public final class Login {
    /**
     * What became of a login.
     *
     * @param fresh whether a new session was obtained now (else the cached one was still good)
     */
    public record Result(String callerArn, String serial, SessionCache.Entry session, boolean fresh) {}

    private final CallerSession caller;
    private final GuardConfig config;
    private final SessionCache cache;

    public Login(CallerSession caller, GuardConfig config, SessionCache cache) {
        this.caller = caller;
        this.config = config;
        this.cache = cache;
    }

    /** @param codes asked only when a new session is needed */
    public Result run(boolean force, Supplier<MfaCodeSource> codes) {
        CredentialBroker.Caller who = caller.broker().identify();
        CallerSession.requireIamUser(who);
        MfaDevice device = caller.device(config);
        SessionCache.Key key = caller.key(who, device);
        String serial = device.serial().orElseThrow();
        Optional<SessionCache.Entry> current = cache.find(key, Instant.now(), Optional.empty());
        if (current.isPresent() && !force) {
            return new Result(who.arn(), serial, current.get(), false);
        }
        CredentialPlan plan = new CredentialPlan(
                List.of(),
                List.of(new Acquisition.GetSessionToken(
                        device.serial(), config.sessions().sessionTokenSeconds(), true)),
                1,
                List.of());
        caller.broker().acquire(plan, device, codes, "unused", fresh(key));
        SessionCache.Entry stored = cache.find(key, Instant.now(), Optional.empty())
                .orElseThrow(() -> new GuardException(
                        ExitCode.ACTION_FAILED,
                        "the MFA session was obtained but could not be cached in " + cache.directory()));
        return new Result(who.arn(), serial, stored, true);
    }

    /** The cache as login sees it: never a kept session (a new code is the point), keeping the new one. */
    private CredentialBroker.MfaSessions fresh(SessionCache.Key key) {
        return new CredentialBroker.MfaSessions() {
            @Override
            public Optional<SessionCache.Entry> usable() {
                return Optional.empty();
            }

            @Override
            public void keep(Credentials c, Instant mfaAt) {
                cache.sessions(key, Optional.empty()).keep(c, mfaAt);
            }

            @Override
            public void forget() {
                cache.forget(key);
            }
        };
    }
}
