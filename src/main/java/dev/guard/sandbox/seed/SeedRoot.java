package dev.guard.sandbox.seed;

import java.util.Optional;

/**
 * An account's root user: its access key (sandbox-only, fake) and its virtual MFA device, the one
 * MFA Delete needs. The root user is {@code arn:aws:iam::ACCOUNT:root}; {@link #toString()} never
 * shows the secret.
 */
public record SeedRoot(String accessKeyId, String secretAccessKey, Optional<SeedMfaDevice> mfaDevice) {
    public String arn(String accountId) {
        return "arn:aws:iam::" + accountId + ":root";
    }

    /** The root user as a user of the seed named {@code root@ACCOUNT-NAME}, for {@code guard sandbox env/totp}. */
    public SeedUser asUser(String accountName) {
        return new SeedUser(
                "root@" + accountName,
                accessKeyId,
                secretAccessKey,
                mfaDevice,
                java.util.List.of(),
                java.util.List.of());
    }

    @Override
    public String toString() {
        return "SeedRoot[accessKeyId=" + accessKeyId + ", mfaDevice="
                + mfaDevice.map(SeedMfaDevice::serial).orElse("none") + "]";
    }
}
