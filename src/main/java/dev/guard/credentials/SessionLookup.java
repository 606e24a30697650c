package dev.guard.credentials;

import dev.guard.auth.CredentialPlan;
import dev.guard.auth.MfaDevice;
import dev.guard.config.Environment;
import dev.guard.runbook.MfaPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What a run would find before it makes any call: the MFA device it would use and an MFA session
 * that would spare the prompt, in the session cache on disk or a sandbox shell's memory. Here,
 * beside the cache and the broker that use them, so a plan's preview and the run read sessions by
 * the same rules; reading the local cache is no AWS call.
 */
public final class SessionLookup {
    /**
     * What the run needs of an MFA session.
     *
     * @param mfa whether the run asks for an MFA code at all (without one, no session is worth finding)
     * @param device the device the plan names
     * @param maxAge how old the MFA may be ({@code mfa.maxAgeSeconds})
     */
    public record Wanted(boolean mfa, MfaDevice device, Optional<Duration> maxAge) {
        public static Wanted of(CredentialPlan credentials, MfaDevice device, MfaPolicy policy) {
            // No stream: on JDK 17 each lambda and method reference costs ~60 µs to link (a plan's start-up).
            return new Wanted(
                    credentials.mfaPrompts() > 0,
                    device,
                    policy.maxAgeSeconds().isPresent()
                            ? Optional.of(
                                    Duration.ofSeconds(policy.maxAgeSeconds().getAsLong()))
                            : Optional.empty());
        }
    }

    /** The device the run would use and the session it would most likely use. */
    public record Found(MfaDevice device, Optional<SessionCache.Entry> cached) {}

    private final Environment env;
    private final Consumer<String> warn;

    /** @param warn told about a cache entry that cannot be believed */
    public SessionLookup(Environment env, Consumer<String> warn) {
        this.env = env;
        this.warn = warn;
    }

    /**
     * Inside a shell, whatever the command's own options say: the shell's device (a sandbox user's
     * own), and its session kept in memory or else cached on disk for its endpoint.
     */
    public Found inShell(Connection shell, Wanted wanted) {
        MfaDevice device = shell.device().orElse(wanted.device());
        Optional<SessionCache.Entry> cached = wanted.mfa()
                ? inMemory(shell, wanted.maxAge())
                        .or(() -> shell.cacheSessions()
                                ? onDisk(wanted, Optional.of(shell.endpointName()), Optional.of("shell"))
                                : Optional.empty())
                : Optional.empty();
        return new Found(device, cached);
    }

    /**
     * The cached session a run with this endpoint and profile would most likely use: the newest
     * for the endpoint and device, and for the exported keys when no profile stands in their way.
     */
    public Optional<SessionCache.Entry> onDisk(Wanted wanted, Optional<String> endpointUrl, Optional<String> profile) {
        if (!wanted.mfa()) {
            return Optional.empty();
        }
        Path dir = env.cacheHome().resolve("guard/sessions");
        if (!Files.isDirectory(dir)) {
            return Optional.empty(); // nothing cached: not worth loading the cache's classes
        }
        String endpoint = endpointUrl.isPresent()
                ? endpointUrl.get()
                : set("AWS_ENDPOINT_URL").orElse("aws");
        // Exported keys are known without any call; a profile's are known only once resolved.
        Optional<String> keys =
                profile.isEmpty() && set("AWS_PROFILE").isEmpty() ? set("AWS_ACCESS_KEY_ID") : Optional.empty();
        return new SessionCache(dir, warn)
                .likely(endpoint, wanted.device().serial(), keys, Instant.now(), wanted.maxAge());
    }

    /**
     * The environment variable {@code name} unless unset or blank. Without lambdas: a plan reads the
     * cache at start-up, and on JDK 17 each lambda costs ~60 µs to link the first time.
     */
    private Optional<String> set(String name) {
        Optional<String> value = env.get(name);
        return value.isPresent() && !value.get().isBlank() ? value : Optional.empty();
    }

    /** The MFA session a sandbox shell keeps in memory, if it has one young enough. */
    private static Optional<SessionCache.Entry> inMemory(Connection shell, Optional<Duration> maxAge) {
        return shell.memorySessions()
                .flatMap(
                        m -> CredentialBroker.MfaSessions.youngerThan(m, maxAge).usable());
    }
}
