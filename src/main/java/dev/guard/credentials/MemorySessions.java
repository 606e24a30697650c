package dev.guard.credentials;

import java.time.Instant;
import java.util.Optional;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * The MFA session of a sandbox shell, kept in memory for the shell's life: the sandbox that issued
 * it ends with the shell, so it has no business in the on-disk cache.
 */
public final class MemorySessions implements CredentialBroker.MfaSessions {
    private SessionCache.Entry entry;

    @Override
    public synchronized Optional<SessionCache.Entry> usable() {
        return Optional.ofNullable(entry)
                .filter(e -> e.expires().isAfter(Instant.now().plus(SessionCache.MARGIN)));
    }

    @Override
    public synchronized void keep(Credentials c, Instant mfaAt) {
        SessionCache.Key key = new SessionCache.Key("memory", "", "", "");
        entry = new SessionCache.Entry(
                key, c.accessKeyId(), c.secretAccessKey(), c.sessionToken(), mfaAt, c.expiration());
    }

    @Override
    public synchronized void forget() {
        entry = null;
    }
}
