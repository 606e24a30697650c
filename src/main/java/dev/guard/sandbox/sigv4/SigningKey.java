package dev.guard.sandbox.sigv4;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The key derived for one (secret, day, region, service):
 * HMAC(HMAC(HMAC(HMAC("AWS4" + secret, day), region), service), "aws4_request").
 */
final class SigningKey {
    private final byte[] key;

    private SigningKey(byte[] key) {
        this.key = key;
    }

    static SigningKey derive(String secretAccessKey, CredentialScope scope) {
        byte[] key = ("AWS4" + secretAccessKey).getBytes(StandardCharsets.UTF_8);
        key = Sha256.hmac(key, scope.date());
        key = Sha256.hmac(key, scope.region());
        key = Sha256.hmac(key, scope.service());
        return new SigningKey(Sha256.hmac(key, CredentialScope.TERMINATOR));
    }

    /** The lower-case hex signature of a string to sign. */
    String sign(String stringToSign) {
        return Sha256.toHex(Sha256.hmac(key, stringToSign));
    }

    /**
     * Derived keys by secret and scope: a key changes once a day, so four HMACs per request are
     * saved. Bounded by clearing, since the sandbox issues few credentials.
     */
    static final class Cache {
        private static final int MAX_ENTRIES = 4096;
        private final ConcurrentHashMap<String, SigningKey> keys = new ConcurrentHashMap<>();

        SigningKey get(String secretAccessKey, CredentialScope scope) {
            String id = secretAccessKey + '\n' + scope.value();
            SigningKey key = keys.get(id);
            if (key == null) {
                if (keys.size() >= MAX_ENTRIES) {
                    keys.clear();
                }
                key = derive(secretAccessKey, scope);
                keys.put(id, key);
            }
            return key;
        }
    }
}
