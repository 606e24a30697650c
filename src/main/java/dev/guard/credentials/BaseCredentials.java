package dev.guard.credentials;

import dev.guard.auth.MfaDevice;
import dev.guard.config.Environment;
import dev.guard.config.GuardConfig;
import dev.guard.error.GuardException;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Where a run's base credentials come from, decided as the AWS CLI decides it: an explicit profile
 * first, then keys in the environment, and only then the profile the config names (which would
 * otherwise silently override exported keys); else the SDK's default chain. The result is the
 * {@link Connection} every command acts through.
 */
public final class BaseCredentials {
    /**
     * Said wherever MFA is what failed: an unattended runner (a scheduler's keys, an instance
     * profile) has no MFA device, and the way it acts is another mode, not another code.
     */
    public static final String RUNNER_MODE_HINT = "an unattended runner without an MFA device cannot do this: it"
            + " acts with its own identity only through guard apply --runner of an approved plan, assuming each"
            + " account's runner role (defaults.runnerRole) without MFA";

    private BaseCredentials() {}

    /**
     * The connection to AWS itself (or an {@code --endpoint-url}).
     *
     * @param profile {@code --profile}, if given
     * @param cacheSessions keep MFA sessions on disk for later runs ({@code --no-session-cache} not given)
     */
    public static Connection forAws(
            Environment env,
            GuardConfig config,
            Optional<URI> endpoint,
            Optional<String> profile,
            boolean cacheSessions) {
        return forAws(
                env, config, endpoint, profile, cacheSessions, config.identity().sourceProfile());
    }

    /**
     * The unattended runner's own identity (DESIGN.md §7): {@code --profile} or {@code
     * AWS_PROFILE}, keys in the environment, else the SDK's default chain — environment, web
     * identity (EKS IRSA, CI OIDC), container (ECS task role, EKS pod identity), instance profile.
     * Never {@code identity.sourceProfile}, which names an operator's keys, and no MFA device, no
     * MFA session cache: the runner never sends a code.
     */
    public static Connection forRunner(
            Environment env, GuardConfig config, Optional<URI> endpoint, Optional<String> profile) {
        Connection c = forAws(env, config, endpoint, profile, false, Optional.empty());
        return new Connection(
                c.endpoint(),
                c.base(),
                "the runner's own identity: " + c.baseDescription(),
                Optional.empty(),
                c.pollInterval(),
                Optional.empty(),
                false,
                Optional.empty(),
                Optional.empty());
    }

    /** @param configProfile the profile the config names, used only when nothing else is given */
    private static Connection forAws(
            Environment env,
            GuardConfig config,
            Optional<URI> endpoint,
            Optional<String> profile,
            boolean cacheSessions,
            Optional<String> configProfile) {
        boolean envKeys = env.get("AWS_ACCESS_KEY_ID").filter(k -> !k.isBlank()).isPresent();
        Optional<String> fromEnv = env.get("AWS_PROFILE").filter(p -> !p.isBlank());
        Optional<String> named = profile.or(() -> fromEnv).or(() -> envKeys ? Optional.empty() : configProfile);
        String namedBy = profile.isPresent()
                ? "--profile"
                : fromEnv.isPresent()
                        ? "AWS_PROFILE"
                        : "identity.sourceProfile in "
                                + config.source().map(Object::toString).orElse("the config");
        // Every AWS client reads the profile files: one that does not parse is refused here, clearly.
        AwsProfiles.check(env);
        Optional<AwsProfiles.Resolved> resolved = named.map(p -> AwsProfiles.resolve(p, env, namedBy));
        AwsCredentialsProvider base = resolved.map(AwsProfiles.Resolved::base)
                .orElseGet(() -> envKeys ? environmentKeys(env) : AwsProfiles.defaultChain(env));
        String description = resolved.map(AwsProfiles.Resolved::description)
                .orElse(envKeys ? "AWS_ACCESS_KEY_ID in the environment" : "the SDK's default credential chain");
        // The device: the config's, else the profile's mfa_serial, else looked up at run time.
        Optional<MfaDevice> device = config.identity().mfaSerial().isPresent()
                ? Optional.empty()
                : resolved.flatMap(AwsProfiles.Resolved::mfaSerial).map(s -> MfaDevice.of(s, MfaDevice.Source.PROFILE));
        return new Connection(
                endpoint,
                base,
                description,
                Optional.empty(),
                Duration.ofSeconds(2),
                device,
                cacheSessions,
                resolved.flatMap(AwsProfiles.Resolved::role),
                Optional.empty());
    }

    /**
     * The connection to a sandbox started for one command, acting as one of its seeded users with
     * that user's own device (the config names a real person's). Its sessions die with it: nothing
     * worth keeping on disk.
     *
     * @param codeHint the sandbox device's current code for the prompt (its seed is public)
     */
    public static Connection forSandbox(
            URI endpoint,
            String user,
            String accessKeyId,
            String secretAccessKey,
            MfaDevice device,
            Function<String, String> codeHint) {
        return new Connection(
                Optional.of(endpoint),
                StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secretAccessKey)),
                "sandbox user " + user,
                Optional.of(codeHint),
                Duration.ofMillis(200),
                Optional.of(device),
                false,
                Optional.empty(),
                Optional.empty());
    }

    /**
     * AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (/ AWS_SESSION_TOKEN) read through guard's own
     * environment, as the SDK would read the process's: one seam for tests and the real thing.
     */
    private static AwsCredentialsProvider environmentKeys(Environment env) {
        String id = env.get("AWS_ACCESS_KEY_ID").orElseThrow();
        String secret = env.get("AWS_SECRET_ACCESS_KEY")
                .filter(v -> !v.isBlank())
                .orElseThrow(() -> GuardException.invalid("AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not"));
        Optional<String> token = env.get("AWS_SESSION_TOKEN").filter(v -> !v.isBlank());
        return StaticCredentialsProvider.create(
                token.<AwsCredentials>map(t -> AwsSessionCredentials.create(id, secret, t))
                        .orElseGet(() -> AwsBasicCredentials.create(id, secret)));
    }
}
