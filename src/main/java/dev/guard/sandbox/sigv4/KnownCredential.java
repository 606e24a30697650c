package dev.guard.sandbox.sigv4;

import java.time.Instant;
import java.util.Optional;

/**
 * A credential the sandbox knows: long-term user keys (no session token) or STS-issued temporary
 * ones (with a session token and an expiration). The principal id is opaque to the verifier.
 */
public record KnownCredential(
        String accessKeyId,
        String secretAccessKey,
        Optional<String> sessionToken,
        Optional<Instant> expiration,
        String principalId) {

    public KnownCredential {
        sessionToken = sessionToken == null ? Optional.empty() : sessionToken;
        expiration = expiration == null ? Optional.empty() : expiration;
    }

    /** Never shows the secret key or the session token, so a credential can be logged safely. */
    @Override
    public String toString() {
        return "KnownCredential[accessKeyId=" + accessKeyId + ", temporary=" + sessionToken.isPresent()
                + ", expiration=" + expiration.map(Instant::toString).orElse("none") + ", principalId="
                + principalId + "]";
    }
}
