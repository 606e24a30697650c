package dev.guard.cli;

import dev.guard.auth.MfaDevice;
import dev.guard.engine.ExitCode;
import dev.guard.engine.GuardException;
import dev.guard.sandbox.Sandbox;
import dev.guard.sandbox.seed.SeedLoader;
import dev.guard.sandbox.seed.SeedUser;
import dev.guard.sandbox.seed.SeedWorld;
import dev.guard.sandbox.seed.Totp;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import picocli.CommandLine.Option;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** Where a run's AWS calls go and with which base credentials and MFA code source. */
final class ConnectionOptions {
    @Option(
            names = "--sandbox",
            description = "Run against a sandbox started in-process for this run (a local, policy-faithful AWS seeded"
                    + " with config/sandbox.yaml; see guard sandbox). Nothing real is touched.")
    boolean sandbox;

    @Option(
            names = "--sandbox-user",
            paramLabel = "USER",
            description = "With --sandbox: the seeded user to act as (default: alice; bob has no MFA device, sofia"
                    + " owns instances in the identity account).")
    String sandboxUser = "alice";

    @Option(
            names = "--sandbox-seed",
            paramLabel = "FILE",
            description = "With --sandbox: a seed world to load instead of the bundled one.")
    String sandboxSeed;

    @Option(
            names = "--profile",
            paramLabel = "NAME",
            description = "The AWS profile holding your base credentials (default: AWS_PROFILE, the config's"
                    + " identity.sourceProfile, then the SDK's default chain).")
    String profile;

    @Option(
            names = "--endpoint-url",
            paramLabel = "URL",
            description = "Send every AWS call to this endpoint (also: AWS_ENDPOINT_URL).")
    String endpointUrl;

    @Option(
            names = "--mfa-code",
            paramLabel = "CODE",
            description =
                    "The current 6-digit MFA code. It lands in shell history: prefer --mfa-command or the prompt.")
    String mfaCode;

    @Option(
            names = "--mfa-command",
            paramLabel = "COMMAND",
            description = "A command printing the current MFA code, e.g. 'ykman oath accounts code -s aws' (also:"
                    + " GUARD_MFA_COMMAND). Run with /bin/sh -c, 60 s timeout; its output is never shown.")
    String mfaCommand;

    /** An open connection; closing it stops the sandbox, if one was started. */
    record Opened(LiveRun.Connection connection, Optional<Sandbox> sandbox) implements AutoCloseable {
        @Override
        public void close() {
            sandbox.ifPresent(Sandbox::close);
        }
    }

    Optional<String> mfaCode() {
        return Optional.ofNullable(mfaCode);
    }

    Optional<String> mfaCommand() {
        return Optional.ofNullable(mfaCommand);
    }

    Opened open(Session session, Consumer<String> say) {
        if (sandbox) {
            if (endpointUrl != null || profile != null) {
                throw GuardException.invalid("--sandbox cannot be combined with --endpoint-url or --profile: the"
                        + " sandbox is the endpoint and its seeded users are the identities");
            }
            return openSandbox(session, say);
        }
        if (!"alice".equals(sandboxUser) || sandboxSeed != null) {
            throw GuardException.invalid("--sandbox-user and --sandbox-seed need --sandbox");
        }
        var env = session.context.env();
        Optional<URI> endpoint = Optional.ofNullable(endpointUrl)
                .map(u -> endpoint(u, "--endpoint-url"))
                .or(() -> env.get("AWS_ENDPOINT_URL")
                        .filter(u -> !u.isBlank())
                        .map(u -> endpoint(u, "AWS_ENDPOINT_URL")));
        Optional<String> named = Optional.ofNullable(profile)
                .or(() -> env.get("AWS_PROFILE").filter(p -> !p.isBlank()))
                .or(() -> session.config().identity().sourceProfile());
        AwsCredentialsProvider base = named.<AwsCredentialsProvider>map(
                        p -> ProfileCredentialsProvider.builder().profileName(p).build())
                .orElseGet(() -> DefaultCredentialsProvider.builder().build());
        String description = named.map(p -> "profile " + p).orElse("the SDK's default credential chain");
        return new Opened(
                new LiveRun.Connection(
                        endpoint, base, description, Optional.empty(), Duration.ofSeconds(2), Optional.empty()),
                Optional.empty());
    }

    private Opened openSandbox(Session session, Consumer<String> say) {
        SeedWorld world;
        if (sandboxSeed == null) {
            world = SeedLoader.bundled();
        } else {
            var loaded = SeedLoader.load(session.context.env().resolve(sandboxSeed));
            if (!loaded.problems().isEmpty()) {
                throw dev.guard.engine.ProblemsException.of(loaded.problems());
            }
            world = loaded.world().orElseThrow();
        }
        SeedUser user = SandboxOptions.user(world, sandboxUser);
        Sandbox started;
        try {
            started = Sandbox.start(world, 0, Clock.systemUTC(), line -> {
                if (session.global.debug) {
                    session.err().println("sandbox: " + line);
                    session.err().flush();
                }
            });
        } catch (IOException e) {
            throw new GuardException(ExitCode.ACTION_FAILED, "the sandbox could not start: " + e.getMessage());
        }
        say.accept("");
        say.accept("Sandbox: started on " + started.endpoint() + " for this run, seeded from "
                + (sandboxSeed == null ? "the bundled config/sandbox.yaml" : sandboxSeed) + "; acting as "
                + user.name() + ". Nothing real is touched.");
        AwsCredentialsProvider base = StaticCredentialsProvider.create(
                AwsBasicCredentials.create(user.accessKeyId(), user.secretAccessKey()));
        // The sandbox device's code is no secret (its seed is public), so the prompt may show it:
        // the two-command demo then needs no second terminal. Never offered against real AWS.
        Function<String, String> hint = serial -> world.mfaDevice(serial)
                .map(d -> "  (sandbox: " + serial + " shows " + Totp.code(d.base32Secret(), Instant.now())
                        + " now; also: guard sandbox totp " + user.name() + ")")
                .orElse("  (sandbox: no seeded device " + serial + ")");
        return new Opened(
                new LiveRun.Connection(
                        Optional.of(started.endpoint()),
                        base,
                        "sandbox user " + user.name(),
                        Optional.of(hint),
                        Duration.ofMillis(200),
                        // The config names a real person's device; in the sandbox you act as a seeded
                        // user, so that user's own device is the one to use. A user without one (bob)
                        // is looked up like anyone else, and told they have none.
                        Optional.of(user.mfaDevice()
                                .map(d -> MfaDevice.of(d.serial(), MfaDevice.Source.DISCOVERED))
                                .orElse(MfaDevice.discoveredAtRunTime()))),
                Optional.of(started));
    }

    private static URI endpoint(String url, String from) {
        try {
            URI uri = new URI(url);
            if (uri.getScheme() == null
                    || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                    || uri.getHost() == null) {
                throw new URISyntaxException(url, "not an http(s) URL");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw GuardException.invalid(from + " '" + url + "' is not an http(s) URL");
        }
    }
}
