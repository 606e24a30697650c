package dev.guard.credentials;

import dev.guard.config.GuardConfig;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@code guard whoami}: who the base credentials are (one GetCallerIdentity), the MFA device a run
 * would use, and the MFA sessions cached for that caller at that endpoint. Here, with login and
 * doctor, so which sessions count as "yours" is decided where the cache is keyed, not in the printer.
 *
 * @param mfaSerial the device a run would use: the sandbox user's or the profile's, else the config's
 * @param sessions the cached sessions of this caller at this endpoint, any device
 */
public record Whoami(
        CredentialBroker.Caller caller,
        String credentials,
        Optional<String> mfaSerial,
        List<SessionCache.Entry> sessions,
        Instant now) {
    /**
     * Asks STS who {@code caller} is, then reads the cache offline; a sandbox shell's session, kept
     * in memory, is the one it reports.
     */
    public static Whoami of(CallerSession caller, GuardConfig config, SessionCache cache) {
        CredentialBroker.Caller who = caller.broker().identify();
        Instant now = Instant.now();
        String endpoint = caller.connection().endpointName();
        Optional<String> serial = caller.connection()
                .device()
                .flatMap(d -> d.serial())
                .or(() -> config.identity().mfaSerial());
        Optional<CredentialBroker.MfaSessions> inMemory = caller.connection().memorySessions();
        List<SessionCache.Entry> sessions = inMemory.isPresent()
                ? inMemory.get().usable().stream()
                        .map(e -> new SessionCache.Entry(
                                new SessionCache.Key(endpoint, "", who.arn(), serial.orElse("")),
                                e.accessKeyId(),
                                e.secretAccessKey(),
                                e.sessionToken(),
                                e.mfaAt(),
                                e.expires()))
                        .toList()
                : cache.all(now).stream()
                        .filter(e -> e.key().callerArn().equals(who.arn())
                                && e.key().endpoint().equals(endpoint))
                        .toList();
        return new Whoami(who, caller.connection().baseDescription(), serial, sessions, now);
    }
}
