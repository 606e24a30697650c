package dev.guard.sandbox.seed;

import java.util.List;
import java.util.Optional;

/**
 * An IAM user with one long-term access key (sandbox-only, fake), an optional virtual MFA device,
 * the groups it belongs to and its inline policies. {@link #toString()} never shows the secret.
 */
public record SeedUser(
        String name,
        String accessKeyId,
        String secretAccessKey,
        Optional<SeedMfaDevice> mfaDevice,
        List<String> groups,
        List<SeedPolicy> policies) {
    public SeedUser {
        groups = List.copyOf(groups);
        policies = List.copyOf(policies);
    }

    public String arn(String accountId) {
        return "arn:aws:iam::" + accountId + ":user/" + name;
    }

    @Override
    public String toString() {
        return "SeedUser[name=" + name + ", accessKeyId=" + accessKeyId + ", mfaDevice="
                + mfaDevice.map(SeedMfaDevice::serial).orElse("none") + ", groups=" + groups + "]";
    }
}
