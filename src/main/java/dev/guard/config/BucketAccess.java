package dev.guard.config;

/**
 * A bucket declared in config. {@code RESOURCE_POLICY} means its bucket policy grants access to
 * the caller's account only with MFA, which AssumeRole credentials can never satisfy: guard uses
 * GetSessionToken(MFA) for it (DESIGN.md §1.3).
 */
public record BucketAccess(String bucket, String accountId, Kind kind) {
    public enum Kind {
        RESOURCE_POLICY("resource-policy"),
        IDENTITY_POLICY("identity-policy");

        private final String yaml;

        Kind(String yaml) {
            this.yaml = yaml;
        }

        public String yaml() {
            return yaml;
        }
    }
}
