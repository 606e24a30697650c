package dev.guard.cli;

import dev.guard.engine.GuardException;
import dev.guard.engine.ProblemsException;
import dev.guard.sandbox.seed.SeedLoader;
import dev.guard.sandbox.seed.SeedUser;
import dev.guard.sandbox.seed.SeedWorld;
import picocli.CommandLine.Option;

/** Options shared by the sandbox commands. */
final class SandboxOptions {
    static final int DEFAULT_PORT = 4599;

    @Option(names = "--port", paramLabel = "PORT", description = "Port on 127.0.0.1 (default: " + DEFAULT_PORT + ").")
    int port = DEFAULT_PORT;

    @Option(
            names = "--seed",
            paramLabel = "FILE",
            description = "Seed world to load instead of the bundled one (config/sandbox.yaml).")
    String seed;

    SeedWorld world(Context context) {
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
