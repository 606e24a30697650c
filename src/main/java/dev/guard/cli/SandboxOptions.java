package dev.guard.cli;

import dev.guard.error.GuardException;
import dev.guard.error.ProblemsException;
import dev.guard.sandbox.seed.SeedLoader;
import dev.guard.sandbox.seed.SeedUser;
import dev.guard.sandbox.seed.SeedWorld;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** Options shared by the sandbox commands. */
final class SandboxOptions {
    static final int DEFAULT_PORT = 4599;

    @Option(
            names = "--port",
            paramLabel = "PORT",
            converter = Port.class,
            description = "Port on 127.0.0.1, 1-65535, or 0 for any free one (default: " + DEFAULT_PORT + ").")
    int port = DEFAULT_PORT;

    /** A TCP port, refused as a usage error (exit 2) when out of range rather than failing at bind time. */
    static final class Port implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            int port;
            try {
                port = Integer.parseInt(value.strip());
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + value + "' is not a port number (0-65535)");
            }
            if (port < 0 || port > 65_535) {
                throw new TypeConversionException(port + " is not a port number (0-65535)");
            }
            return port;
        }
    }

    @Option(
            names = "--seed",
            paramLabel = "FILE",
            description = "Seed world to load instead of the bundled one (config/sandbox.yaml).")
    String seed;

    SeedWorld world(Context context) {
        return world(context, seed);
    }

    /** The bundled seed world, or the one in {@code seed} (a path as typed); its problems refused. */
    static SeedWorld world(Context context, String seed) {
        if (seed == null) {
            return SeedLoader.bundled();
        }
        var result = SeedLoader.load(context.env().resolve(seed));
        if (!result.problems().isEmpty()) {
            throw ProblemsException.of(result.problems());
        }
        return result.world().orElseThrow();
    }

    String seedName() {
        return seed == null ? "bundled config/sandbox.yaml" : seed;
    }

    static SeedUser user(SeedWorld world, String name) {
        return world.accounts().stream()
                .flatMap(a -> a.users().stream())
                .filter(u -> u.name().equals(name))
                .findFirst()
                .orElseThrow(() -> GuardException.invalid("no user '" + name + "' in the sandbox seed (users: "
                        + String.join(
                                ", ",
                                world.accounts().stream()
                                        .flatMap(a -> a.users().stream())
                                        .map(SeedUser::name)
                                        .toList())
                        + ")"));
    }
}
