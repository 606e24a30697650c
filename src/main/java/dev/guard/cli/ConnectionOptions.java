package dev.guard.cli;

import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Where a run's AWS calls go and with which base credentials and MFA code source. Plain fields
 * only: picocli reflects on this class for every command line, so an AWS SDK type in it would load
 * the SDK even for {@code guard --version}; {@link Connections} does the opening.
 */
final class ConnectionOptions {
    // The descriptions are shared with plan's model, built without annotations (PlanSpec).
    static final String SANDBOX =
            "Run against a sandbox started in-process for this run (a local, policy-faithful AWS seeded"
                    + " with config/sandbox.yaml; see guard sandbox). Nothing real is touched.";

    static final String SANDBOX_USER =
            "With --sandbox: the seeded user to act as (default: alice; bob has no MFA device, sofia"
                    + " owns instances in the identity account).";

    static final String SANDBOX_SEED = "With --sandbox: a seed world to load instead of the bundled one.";

    static final String SANDBOX_ACCOUNTS = "With --sandbox: " + SandboxOptions.ACCOUNTS_HELP;

    static final String SPEED = "With --sandbox: " + SandboxOptions.SPEED_HELP;

    static final String PROFILE = "The AWS profile holding your base credentials (default: AWS_PROFILE, the config's"
            + " identity.sourceProfile, then the SDK's default chain).";

    static final String ENDPOINT_URL = "Send every AWS call to this endpoint (also: AWS_ENDPOINT_URL).";

    static final String MFA_CODE =
            "The current 6-digit MFA code. It lands in shell history: prefer --mfa-command or the prompt.";

    static final String MFA_COMMAND =
            "A command printing the current MFA code, e.g. 'ykman oath accounts code -s aws' (also:"
                    + " GUARD_MFA_COMMAND). Run with /bin/sh -c, 60 s timeout; its output is never shown.";

    static final String NO_SESSION_CACHE =
            "Neither use nor keep a cached MFA session: ask for a code now, keep nothing on disk.";

    @Option(names = "--sandbox", description = SANDBOX)
    boolean sandbox;

    @Option(names = "--sandbox-user", paramLabel = "USER", description = SANDBOX_USER)
    String sandboxUser = "alice";

    @Option(names = "--sandbox-seed", paramLabel = "FILE", description = SANDBOX_SEED)
    String sandboxSeed;

    @Option(
            names = "--sandbox-accounts",
            paramLabel = "N",
            converter = SandboxOptions.AccountCount.class,
            description = SANDBOX_ACCOUNTS)
    Integer sandboxAccounts;

    @Option(names = "--speed", paramLabel = "FACTOR", converter = SandboxOptions.SpeedText.class, description = SPEED)
    String sandboxSpeed;

    @Option(names = "--profile", paramLabel = "NAME", description = PROFILE)
    String profile;

    @Option(names = "--endpoint-url", paramLabel = "URL", description = ENDPOINT_URL)
    String endpointUrl;

    @Option(names = "--mfa-code", paramLabel = "CODE", description = MFA_CODE)
    String mfaCode;

    @Option(names = "--mfa-command", paramLabel = "COMMAND", description = MFA_COMMAND)
    String mfaCommand;

    @Option(names = "--no-session-cache", description = NO_SESSION_CACHE)
    boolean noSessionCache;

    /** Whether any option that only matters when AWS is called was given. */
    boolean asksForAws() {
        return profile != null || endpointUrl != null || mfaCode != null || mfaCommand != null || noSessionCache;
    }

    /** Refuses options that contradict each other, before anything is opened or asked. */
    void check() {
        if (mfaCode != null && mfaCommand != null) {
            throw dev.guard.error.GuardException.invalid(
                    "give one of --mfa-code and --mfa-command, not both: which code would guard send?");
        }
    }

    Optional<String> mfaCode() {
        return Optional.ofNullable(mfaCode);
    }

    Optional<String> mfaCommand() {
        return Optional.ofNullable(mfaCommand);
    }
}
