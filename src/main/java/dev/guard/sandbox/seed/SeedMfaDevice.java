package dev.guard.sandbox.seed;

/**
 * A virtual MFA device: its serial (an ARN in the user's account) and its TOTP secret in base32,
 * as AWS shows it once when the device is created. Sandbox-only; {@link #toString()} never shows
 * the secret.
 */
public record SeedMfaDevice(String serial, String base32Secret) {
    @Override
    public String toString() {
        return "SeedMfaDevice[serial=" + serial + "]";
    }
}
