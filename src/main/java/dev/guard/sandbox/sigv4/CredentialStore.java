package dev.guard.sandbox.sigv4;

import java.util.Optional;

/** Looks up the credentials the sandbox has issued, by access key id. */
public interface CredentialStore {
    Optional<KnownCredential> find(String accessKeyId);
}
