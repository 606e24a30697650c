package dev.guard.cli;

import dev.guard.error.GuardException;
import dev.guard.error.ProblemsException;
import dev.guard.sandbox.seed.GeneratedAccounts;
import dev.guard.sandbox.seed.SeedLoader;
import dev.guard.sandbox.seed.SeedUser;
import dev.guard.sandbox.seed.SeedWorld;
import dev.guard.sandbox.timing.Speed;
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

    /** The environment variable that sets the speed when {@code --speed} is not given. */
    static final String SPEED_VARIABLE = "GUARD_SANDBOX_SPEED";

    /** {@code --speed}'s help, shared by {@code guard sandbox} and the commands with {@code --sandbox}. */
    static final String SPEED_HELP = "how fast the sandbox's instances, tables and backups change state: each"
            + " transition takes AWS's typical time divided by FACTOR (1 = AWS-like: shutting-down and stopping 30 s,"
            + " pending 15 s, a table CREATING 15 s, DELETING 10 s, a backup CREATING 10 s; 10 = ten times faster;"
            + " 0.5 = twice as slow; 0 or instant = no transition), " + Speed.RANGE + ". Default: "
            + SPEED_VARIABLE + ", else 10, so a rehearsal shows guard's waits.";

    /** A speed as typed, checked when the command line is parsed: a bad one is a usage error (exit 2). */
    static final class SpeedText implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            try {
                Speed.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
            return value.strip();
        }
    }

    /** {@code --speed} if given, else {@code GUARD_SANDBOX_SPEED}, else {@link Speed#REHEARSAL}. */
    static Speed speed(Context context, String given) {
        if (given != null) {
            return Speed.parse(given);
        }
        java.util.Optional<String> set =
                context.env().get(SPEED_VARIABLE).map(String::strip).filter(v -> !v.isEmpty());
        if (set.isEmpty()) {
            return Speed.REHEARSAL;
        }
        try {
            return Speed.parse(set.get());
        } catch (IllegalArgumentException e) {
            throw GuardException.invalid(SPEED_VARIABLE + ": " + e.getMessage());
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

    /** {@code --accounts N}: how many member accounts to generate, refused as a usage error (exit 2) out of range. */
    static final class AccountCount implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            int n;
            try {
                n = Integer.parseInt(value.strip());
            } catch (NumberFormatException e) {
                throw new TypeConversionException(
                        "'" + value + "' is not a number of accounts (0-" + GeneratedAccounts.MAX + ")");
            }
            GeneratedAccounts.refuse(n).ifPresent(why -> {
                throw new TypeConversionException(why);
            });
            return n;
        }
    }

    /** {@code --accounts}' help, shared by {@code guard sandbox} and the commands with {@code --sandbox}. */
    static final String ACCOUNTS_HELP = "generate N member accounts (0-" + GeneratedAccounts.MAX + ") in the sandbox's"
            + " organization: member-001... with ids 700000000001..., in OU Generated (ou-gs01-generated), tagged"
            + " env=dev and team=..., each with PrivilegedActionsRole (alice assumes it with MFA) and 3 instances, 2 of"
            + " them tagged cleanup=true. Replaces the seed's organization.generate.accounts.";

    /** {@code world} with {@code accounts} generated member accounts, when given. */
    static SeedWorld generated(SeedWorld world, Integer accounts) {
        if (accounts == null) {
            return world;
        }
        try {
            return GeneratedAccounts.apply(world, accounts);
        } catch (IllegalArgumentException e) {
            throw GuardException.invalid(e.getMessage());
        }
    }

    String seedName() {
        return seed == null ? "bundled config/sandbox.yaml" : seed;
    }

    static SeedUser user(SeedWorld world, String name) {
        // root@ACCOUNT (its name or id): the account's root user, when the seed gives it keys.
        if (name.startsWith("root@")) {
            String account = name.substring("root@".length());
            return world.accounts().stream()
                    .filter(a -> a.name().equals(account) || a.id().equals(account))
                    .filter(a -> a.root().isPresent())
                    .findFirst()
                    .map(a -> a.root().get().asUser(a.name()))
                    .orElseThrow(() -> GuardException.invalid("no root user for account '" + account
                            + "' in the sandbox seed (accounts: "
                            + String.join(
                                    ", ",
                                    world.accounts().stream()
                                            .filter(a -> a.root().isPresent())
                                            .map(a -> a.name())
                                            .toList())
                            + ")"));
        }
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
