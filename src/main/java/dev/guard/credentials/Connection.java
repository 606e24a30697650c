package dev.guard.credentials;

import dev.guard.auth.MfaDevice;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * Where and as whom the run acts.
 *
 * @param endpoint an endpoint override, empty for AWS itself
 * @param base the base credentials
 * @param baseDescription where they came from, for the operator ("sandbox user alice", "profile x")
 * @param codeHint the sandbox's current-code line for the prompt; empty against real AWS
 * @param pollInterval how often {@code wait: true} polls at first
 * @param device the MFA device to use whatever the config says (the sandbox user's own); empty
 *     to use the configured one, or to discover the caller's through iam:ListMFADevices
 * @param cacheSessions keep MFA sessions on disk for later runs, and use a kept one
 * @param roleProfile the role of an AWS role profile ({@code --profile}): its external id,
 *     duration and session name apply when a step assumes that role
 * @param memorySessions MFA sessions kept in memory instead of on disk (a sandbox shell)
 */
public record Connection(
        Optional<URI> endpoint,
        AwsCredentialsProvider base,
        String baseDescription,
        Optional<Function<String, String>> codeHint,
        Duration pollInterval,
        Optional<MfaDevice> device,
        boolean cacheSessions,
        Optional<AwsProfiles.RoleProfile> roleProfile,
        Optional<CredentialBroker.MfaSessions> memorySessions) {
    /**
     * A sandbox started inside this process (the only kind with a code hint): no other process
     * can reach it, so there is nothing for a run lock to keep out.
     */
    public boolean privateSandbox() {
        return codeHint.isPresent();
    }

    /**
     * The same connection kept by a shell: sessions cached on disk or not, and the in-memory MFA
     * sessions of a sandbox shell.
     */
    public Connection keptBy(boolean cacheOnDisk, Optional<CredentialBroker.MfaSessions> inMemory) {
        return new Connection(
                endpoint, base, baseDescription, codeHint, pollInterval, device, cacheOnDisk, roleProfile, inMemory);
    }

    /** The endpoint as the audit log, locks and the session cache name it: "aws" for AWS itself. */
    public String endpointName() {
        return endpoint.map(URI::toString).orElse("aws");
    }
}
