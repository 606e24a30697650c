package dev.guard.cli;

import dev.guard.auth.MfaDevice;
import dev.guard.credentials.BaseCredentials;
import dev.guard.error.ExitCode;
import dev.guard.error.GuardException;
import dev.guard.sandbox.Sandbox;
import dev.guard.sandbox.seed.SeedUser;
import dev.guard.sandbox.seed.SeedWorld;
import dev.guard.sandbox.seed.Totp;
import dev.guard.sandbox.timing.Speed;
import dev.guard.term.Printable;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * {@code --sandbox}: a sandbox started for one command, seeded from the bundled world or {@code
 * --sandbox-seed}, acting as one of its users. With the other Sandbox* commands and FaultOption,
 * the only product code that may import {@code dev.guard.sandbox} (ArchitectureTest).
 */
final class SandboxConnection {
    private SandboxConnection() {}

    /** The seed world {@code --sandbox} starts from: the bundled one, or {@code --sandbox-seed}'s. */
    private static SeedWorld world(ConnectionOptions o, Session session) {
        return SandboxOptions.generated(SandboxOptions.world(session.context, o.sandboxSeed), o.sandboxAccounts);
    }

    /**
     * The device a {@code --sandbox} run uses, known before the sandbox starts: the seeded user's
     * own, or none (looked up, and the user told they have none).
     */
    static MfaDevice device(ConnectionOptions o, Session session) {
        return deviceOf(SandboxOptions.user(world(o, session), o.sandboxUser));
    }

    private static MfaDevice deviceOf(SeedUser user) {
        return user.mfaDevice()
                .map(d -> MfaDevice.of(d.serial(), MfaDevice.Source.DISCOVERED))
                .orElse(MfaDevice.discoveredAtRunTime());
    }

    static Connections.Opened open(ConnectionOptions o, Session session, Consumer<String> say) {
        SeedWorld world = world(o, session);
        SeedUser user = SandboxOptions.user(world, o.sandboxUser);
        Speed speed = SandboxOptions.speed(session.context, o.sandboxSpeed);
        Consumer<String> debug = line -> {
            if (session.global.debug) {
                session.err().println("sandbox: " + Printable.lines(line)); // a canonical request spans lines
                session.err().flush();
            }
        };
        Sandbox started;
        try {
            started = Sandbox.start(world, 0, Clock.systemUTC(), debug, Optional.empty(), debug, speed);
        } catch (IOException e) {
            throw new GuardException(ExitCode.ACTION_FAILED, "the sandbox could not start: " + e.getMessage());
        }
        say.accept("");
        say.accept("Sandbox: started on " + started.endpoint() + " for this run, seeded from "
                + (o.sandboxSeed == null ? "the bundled config/sandbox.yaml" : o.sandboxSeed) + "; acting as "
                + user.name()
                + (speed.instant()
                        ? "; state changes are instant"
                        : "; state changes run at " + speed + "x AWS's pace (--speed)")
                + ". Nothing real is touched.");
        // The sandbox device's code is no secret (its seed is public), so the prompt may show it:
        // the two-command demo then needs no second terminal. Never offered against real AWS.
        Function<String, String> hint = serial -> world.mfaDevice(serial)
                .map(d -> "  (sandbox: " + serial + " shows " + Totp.code(d.base32Secret(), Instant.now())
                        + " now; also: guard sandbox totp " + user.name() + ")")
                .orElse("  (sandbox: no seeded device " + serial + ")");
        return new Connections.Opened(
                BaseCredentials.forSandbox(
                        started.endpoint(),
                        user.name(),
                        user.accessKeyId(),
                        user.secretAccessKey(),
                        deviceOf(user),
                        hint),
                started::close);
    }
}
