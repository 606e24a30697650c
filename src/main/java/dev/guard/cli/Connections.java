package dev.guard.cli;

import dev.guard.auth.MfaDevice;
import dev.guard.credentials.AwsProfiles;
import dev.guard.credentials.Connection;
import dev.guard.credentials.MemorySessions;
import dev.guard.error.ExitCode;
import dev.guard.error.GuardException;
import dev.guard.sandbox.Sandbox;
import dev.guard.sandbox.seed.SeedLoader;
import dev.guard.sandbox.seed.SeedUser;
import dev.guard.sandbox.seed.SeedWorld;
import dev.guard.sandbox.seed.Totp;
import dev.guard.term.Printable;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** Opens what {@link ConnectionOptions} asks for: a sandbox started for the run, or AWS itself. */
final class Connections {
    private Connections() {}

    /** An open connection; closing it stops the sandbox, if one was started. */
    record Opened(Connection connection, Optional<Sandbox> sandbox, boolean endsShell) implements AutoCloseable {
        Opened(Connection connection, Optional<Sandbox> sandbox) {
            this(connection, sandbox, false);
        }

        @Override
        public void close() {
            if (endsShell) {
                shared = null;
            }
            sandbox.ifPresent(Sandbox::close);
        }
    }

    /** The shell's connection while a shell runs: every command in it uses that one. */
    private static volatile Connection shared;

    /**
     * The connection of a {@code guard shell}: opened once, used by every command typed in it. A
     * sandbox lives as long as the shell, so its MFA session is worth caching (one code per shell).
     */
    static Opened openForShell(ConnectionOptions o, Session session, Consumer<String> say) {
        if (shared != null) {
            throw GuardException.invalid("a shell is already running in this process");
        }
        if (o.mfaCode != null || o.mfaCommand != null) {
            // The shell asks on its terminal; a command for unattended codes comes from the environment.
            throw GuardException.invalid("guard shell asks for the MFA code on its terminal; for a command that"
                    + " prints codes, set GUARD_MFA_COMMAND before starting the shell");
        }
        Opened opened = open(o, session, say);
        Connection c = opened.connection();
        Connection kept = new Connection(
                c.endpoint(),
                c.base(),
                c.baseDescription(),
                c.codeHint(),
                c.pollInterval(),
                c.device(),
                !o.noSessionCache && !o.sandbox,
                c.roleProfile(),
                // A sandbox's sessions die with it: kept in memory for the shell, never on disk.
                o.sandbox && !o.noSessionCache ? Optional.of(new MemorySessions()) : Optional.empty());
        shared = kept;
        return new Opened(kept, opened.sandbox(), true);
    }

    static Opened open(ConnectionOptions o, Session session, Consumer<String> say) {
        o.check();
        Connection inShell = shared;
        if (inShell != null) {
            if (o.sandbox || o.asksForAws()) {
                throw GuardException.invalid("inside guard shell every command uses the shell's connection and its"
                        + " MFA session; give --sandbox, --profile or --endpoint-url when starting the shell");
            }
            return new Opened(inShell, Optional.empty());
        }
        if (o.sandbox) {
            if (o.endpointUrl != null || o.profile != null) {
                throw GuardException.invalid("--sandbox cannot be combined with --endpoint-url or --profile: the"
                        + " sandbox is the endpoint and its seeded users are the identities");
            }
            return openSandbox(o, session, say);
        }
        if (!"alice".equals(o.sandboxUser) || o.sandboxSeed != null) {
            throw GuardException.invalid("--sandbox-user and --sandbox-seed need --sandbox");
        }
        var env = session.context.env();
        Optional<URI> endpoint = Optional.ofNullable(o.endpointUrl)
                .map(u -> endpoint(u, "--endpoint-url"))
                .or(() -> env.get("AWS_ENDPOINT_URL")
                        .filter(u -> !u.isBlank())
                        .map(u -> endpoint(u, "AWS_ENDPOINT_URL")));
        // As the AWS CLI does: an explicit profile first, then keys in the environment, and only then
        // the profile the config names (which would otherwise silently override exported keys).
        boolean envKeys = env.get("AWS_ACCESS_KEY_ID").filter(k -> !k.isBlank()).isPresent();
        Optional<String> named = Optional.ofNullable(o.profile)
                .or(() -> env.get("AWS_PROFILE").filter(p -> !p.isBlank()))
                .or(() ->
                        envKeys ? Optional.empty() : session.config().identity().sourceProfile());
        String namedBy = o.profile != null
                ? "--profile"
                : env.get("AWS_PROFILE").filter(p -> !p.isBlank()).isPresent()
                        ? "AWS_PROFILE"
                        : "identity.sourceProfile in "
                                + session.config()
                                        .source()
                                        .map(Object::toString)
                                        .orElse("the config");
        // Every AWS client reads the profile files: one that does not parse is refused here, clearly.
        AwsProfiles.check(env);
        Optional<AwsProfiles.Resolved> profile = named.map(p -> AwsProfiles.resolve(p, env, namedBy));
        AwsCredentialsProvider base = profile.map(AwsProfiles.Resolved::base)
                .orElseGet(() -> envKeys ? environmentKeys(env) : AwsProfiles.defaultChain(env));
        String description = profile.map(AwsProfiles.Resolved::description)
                .orElse(envKeys ? "AWS_ACCESS_KEY_ID in the environment" : "the SDK's default credential chain");
        // The device: the config's, else the profile's mfa_serial, else looked up at run time.
        Optional<MfaDevice> device = session.config().identity().mfaSerial().isPresent()
                ? Optional.empty()
                : profile.flatMap(AwsProfiles.Resolved::mfaSerial).map(s -> MfaDevice.of(s, MfaDevice.Source.PROFILE));
        return new Opened(
                new Connection(
                        endpoint,
                        base,
                        description,
                        Optional.empty(),
                        Duration.ofSeconds(2),
                        device,
                        !o.noSessionCache,
                        profile.flatMap(AwsProfiles.Resolved::role),
                        Optional.empty()),
                Optional.empty());
    }

    /** Whether a shell's connection is in use: every command then uses it, whatever it says. */
    static boolean inShell() {
        return shared != null;
    }

    /** The device the shell's commands use (a sandbox user's own), if it fixes one. */
    static Optional<MfaDevice> shellDevice() {
        return Optional.ofNullable(shared).flatMap(Connection::device);
    }

    /** The MFA session a sandbox shell keeps in memory, if it has one young enough. */
    static Optional<dev.guard.credentials.SessionCache.Entry> shellSession(Optional<Duration> maxAge) {
        return Optional.ofNullable(shared)
                .flatMap(Connection::memorySessions)
                .flatMap(m -> dev.guard.credentials.CredentialBroker.MfaSessions.youngerThan(m, maxAge)
                        .usable());
    }

    /** The endpoint of a shell that keeps its sessions on disk; empty when it keeps none there. */
    static Optional<String> shellDiskCacheEndpoint() {
        return Optional.ofNullable(shared)
                .filter(Connection::cacheSessions)
                .map(c -> c.endpoint().map(URI::toString).orElse("aws"));
    }

    /** The seed world {@code --sandbox} starts from: the bundled one, or {@code --sandbox-seed}'s. */
    private static SeedWorld world(ConnectionOptions o, Session session) {
        if (o.sandboxSeed == null) {
            return SeedLoader.bundled();
        }
        var loaded = SeedLoader.load(session.context.env().resolve(o.sandboxSeed));
        if (!loaded.problems().isEmpty()) {
            throw dev.guard.error.ProblemsException.of(loaded.problems());
        }
        return loaded.world().orElseThrow();
    }

    /**
     * The device a {@code --sandbox} run uses, known before the sandbox starts: the seeded user's
     * own, or none (looked up, and the user told they have none).
     */
    static MfaDevice sandboxDevice(ConnectionOptions o, Session session) {
        return deviceOf(SandboxOptions.user(world(o, session), o.sandboxUser));
    }

    private static MfaDevice deviceOf(SeedUser user) {
        return user.mfaDevice()
                .map(d -> MfaDevice.of(d.serial(), MfaDevice.Source.DISCOVERED))
                .orElse(MfaDevice.discoveredAtRunTime());
    }

    private static Opened openSandbox(ConnectionOptions o, Session session, Consumer<String> say) {
        SeedWorld world = world(o, session);
        SeedUser user = SandboxOptions.user(world, o.sandboxUser);
        Sandbox started;
        try {
            started = Sandbox.start(world, 0, Clock.systemUTC(), line -> {
                if (session.global.debug) {
                    session.err().println("sandbox: " + Printable.lines(line)); // a canonical request spans lines
                    session.err().flush();
                }
            });
        } catch (IOException e) {
            throw new GuardException(ExitCode.ACTION_FAILED, "the sandbox could not start: " + e.getMessage());
        }
        say.accept("");
        say.accept("Sandbox: started on " + started.endpoint() + " for this run, seeded from "
                + (o.sandboxSeed == null ? "the bundled config/sandbox.yaml" : o.sandboxSeed) + "; acting as "
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
                new Connection(
                        Optional.of(started.endpoint()),
                        base,
                        "sandbox user " + user.name(),
                        Optional.of(hint),
                        Duration.ofMillis(200),
                        // The config names a real person's device; in the sandbox you act as a seeded
                        // user, so that user's own device is the one to use. A user without one (bob)
                        // is looked up like anyone else, and told they have none.
                        Optional.of(deviceOf(user)),
                        // Its sessions die with it at the end of the run: nothing worth keeping.
                        false,
                        Optional.empty(),
                        Optional.empty()),
                Optional.of(started));
    }

    /**
     * AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (/ AWS_SESSION_TOKEN) read through guard's own
     * environment, as the SDK would read the process's: one seam for tests and the real thing.
     */
    private static AwsCredentialsProvider environmentKeys(dev.guard.config.Environment env) {
        String id = env.get("AWS_ACCESS_KEY_ID").orElseThrow();
        String secret = env.get("AWS_SECRET_ACCESS_KEY")
                .filter(v -> !v.isBlank())
                .orElseThrow(() -> GuardException.invalid("AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not"));
        Optional<String> token = env.get("AWS_SESSION_TOKEN").filter(v -> !v.isBlank());
        return StaticCredentialsProvider.create(token.<software.amazon.awssdk.auth.credentials.AwsCredentials>map(
                        t -> software.amazon.awssdk.auth.credentials.AwsSessionCredentials.create(id, secret, t))
                .orElseGet(() -> AwsBasicCredentials.create(id, secret)));
    }

    private static URI endpoint(String url, String from) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw GuardException.invalid(from + " '" + withoutUserInfo(url) + "' is not an http(s) URL");
        }
        if (uri.getScheme() == null
                || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                || uri.getHost() == null) {
            throw GuardException.invalid(from + " '" + withoutUserInfo(url) + "' is not an http(s) URL");
        }
        // The endpoint is recorded in the audit log and shown in messages; a password in it would be
        // too. AWS endpoints take no user name, so one here is a mistake worth stopping at.
        if (uri.getRawUserInfo() != null) {
            throw GuardException.invalid(from + " '" + withoutUserInfo(url) + "' has a user name or password in"
                    + " it; AWS endpoints take none, and guard would record it in the audit log: give the URL"
                    + " without it. Nothing was sent.");
        }
        // URI accepts any number of digits that fit an int; the HTTP client then fails on the first
        // call with an error no one can act on.
        if (uri.getPort() > 65535) {
            throw GuardException.invalid(from + " '" + withoutUserInfo(url) + "' has port " + uri.getPort()
                    + "; a port is 1-65535. Nothing was sent.");
        }
        return uri;
    }

    /**
     * The URL as it may be shown: everything before its last {@code @} hidden but the scheme, in
     * case it is a user name and password (even in a URL too broken to parse).
     */
    static String withoutUserInfo(String url) {
        int at = url.lastIndexOf('@');
        if (at < 0) {
            return url;
        }
        int scheme = url.indexOf("://");
        String kept = scheme >= 0 && scheme < at ? url.substring(0, scheme + 3) : "";
        return kept + "…" + url.substring(at);
    }
}
