package dev.guard.sandbox.state;

import dev.guard.sandbox.sigv4.CredentialStore;
import dev.guard.sandbox.sigv4.KnownCredential;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every access key the sandbox accepts — the seed's long-term user keys and the temporary
 * credentials its STS issued — with the {@link Caller} each one stands for. The SigV4 verifier
 * looks keys up here; temporary credentials expire as in AWS.
 */
public final class CredentialRegistry implements CredentialStore {
    private static final char[] KEY_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();
    private static final char[] SECRET_CHARS =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".toCharArray();

    /** A credential and who it stands for. */
    public record Entry(KnownCredential credential, Caller caller) {}

    private final Map<String, Entry> byKey = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    public void registerLongTerm(String accessKeyId, String secret, Caller caller) {
        byKey.put(
                accessKeyId,
                new Entry(
                        new KnownCredential(
                                accessKeyId,
                                secret,
                                Optional.empty(),
                                Optional.empty(),
                                caller.principal().arn()),
                        caller));
    }

    /** Issues temporary credentials (ASIA... key, secret, session token) for {@code caller}. */
    public Entry issue(Caller caller, Instant expiration) {
        String keyId = "ASIA" + random(KEY_CHARS, 16);
        String secret = random(SECRET_CHARS, 40);
        String token = "FwoGZXIvYXdzE" + random(SECRET_CHARS, 300);
        Entry entry = new Entry(
                new KnownCredential(
                        keyId,
                        secret,
                        Optional.of(token),
                        Optional.of(expiration),
                        caller.principal().arn()),
                caller);
        byKey.put(keyId, entry);
        return entry;
    }

    @Override
    public Optional<KnownCredential> find(String accessKeyId) {
        return Optional.ofNullable(byKey.get(accessKeyId)).map(Entry::credential);
    }

    public Optional<Caller> caller(String accessKeyId) {
        return Optional.ofNullable(byKey.get(accessKeyId)).map(Entry::caller);
    }

    private String random(char[] alphabet, int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = alphabet[random.nextInt(alphabet.length)];
        }
        return new String(out);
    }

    /**
     * How long an expired credential is still remembered across restarts, so that it is refused as
     * expired (ExpiredToken, as AWS says) rather than as unknown (InvalidClientTokenId).
     */
    public static final java.time.Duration EXPIRED_KEPT = java.time.Duration.ofDays(7);

    /** The temporary credentials issued, including those expired less than {@link #EXPIRED_KEPT} ago, for the state file. */
    public java.util.List<Entry> issued(Instant now) {
        return byKey.values().stream().filter(e -> isKept(e.credential(), now)).toList();
    }

    /** Whether a temporary credential still belongs in the state file at {@code now}. */
    public static boolean isKept(KnownCredential credential, Instant now) {
        return credential
                .expiration()
                .map(expiry -> now.isBefore(expiry.plus(EXPIRED_KEPT)))
                .orElse(false);
    }

    /** Accepts temporary credentials a previous run of the sandbox issued. */
    public void restore(Entry entry) {
        byKey.put(entry.credential().accessKeyId(), entry);
    }
}
