package dev.guard.sandbox.seed;

import dev.guard.yaml.Fields;
import dev.guard.yaml.Problem;
import dev.guard.yaml.Problems;
import dev.guard.yaml.Scalar;
import dev.guard.yaml.YamlReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Loads the sandbox's seeded world strictly: unknown keys, wrong types, malformed identifiers,
 * duplicates and undefined group references are all reported as {@code file:line:col} problems,
 * every one of them in one pass, and a seed with any problem yields no world.
 *
 * <p>The default seed is {@code config/sandbox.yaml}; the build bundles it into the jar as
 * {@value #RESOURCE}, so there is one file to edit.
 */
public final class SeedLoader {
    /** Classpath location of the bundled default seed. */
    public static final String RESOURCE = "dev/guard/sandbox/seed/sandbox.yaml";

    /** A world, or the problems that stopped it from loading (never both). */
    public record Result(Optional<SeedWorld> world, Problems problems) {
        /** The world; for seeds that must be valid (the bundled one, tests). */
        public SeedWorld orElseThrow() {
            return world.orElseThrow(() -> new IllegalStateException("invalid sandbox seed:\n"
                    + problems.sorted().stream().map(Problem::toString).collect(Collectors.joining("\n"))));
        }
    }

    private SeedLoader() {}

    /** Loads a seed file ({@code --seed FILE}); problems name {@code file} as given. */
    public static Result load(Path file) {
        Problems problems = new Problems(file);
        Optional<SeedWorld> world = YamlReader.read(file, problems).flatMap(root -> read(root, problems));
        return result(world, problems);
    }

    /** Loads seed text already in memory; {@code file} names it in problems. */
    public static Result parse(byte[] yaml, Path file) {
        Problems problems = new Problems(file);
        Optional<SeedWorld> world = YamlReader.parse(yaml, problems).flatMap(root -> read(root, problems));
        return result(world, problems);
    }

    /** The default seed bundled in the jar (built from {@code config/sandbox.yaml}). */
    public static SeedWorld bundled() {
        return Bundled.WORLD;
    }

    /** The bundled seed's bytes, exactly as shipped. */
    public static byte[] bundledBytes() {
        try (InputStream in = SeedLoader.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the bundled sandbox seed " + RESOURCE + " is missing from the jar");
            }
            return in.readNBytes(YamlReader.MAX_BYTES + 1);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundled sandbox seed", e);
        }
    }

    private static Result result(Optional<SeedWorld> world, Problems problems) {
        return problems.isEmpty() ? new Result(world, problems) : new Result(Optional.empty(), problems);
    }

    private static Optional<SeedWorld> read(dev.guard.yaml.Node root, Problems problems) {
        return Fields.of(root, "", problems).map(fields -> world(fields, problems));
    }

    private static SeedWorld world(Fields root, Problems problems) {
        root.allowOnly("apiVersion", "kind", "accounts", "organization", "faults");
        expect(root, "apiVersion", "guard/v1");
        expect(root, "kind", "SandboxSeed");
        IamReader iam = new IamReader(problems);
        ResourceReader resources = new ResourceReader(problems, iam.checker());
        SeedYaml.Unique ids = new SeedYaml.Unique("account id", problems);
        SeedYaml.Unique names = new SeedYaml.Unique("account name", problems);
        List<SeedAccount> accounts = new ArrayList<>();
        root.node("accounts", true).ifPresent(n -> {
            if (n instanceof dev.guard.yaml.SeqNode seq && seq.items().isEmpty()) {
                problems.add(n.position(), "accounts: the seed needs at least one account");
            }
        });
        for (Fields a : SeedYaml.items(root, "accounts")) {
            a.allowOnly("name", "id", "root", "users", "groups", "roles", "instances", "tables", "buckets");
            Optional<Scalar> name = SeedYaml.string(a, "name", SeedRules::accountName);
            names.claim(name, a.child("name"));
            Optional<Scalar> id = SeedYaml.string(a, "id", true, true, SeedRules::accountId);
            ids.claim(id, a.child("id"));
            List<SeedGroup> groups = iam.groups(a);
            accounts.add(new SeedAccount(
                    SeedYaml.text(name),
                    SeedYaml.text(id),
                    iam.users(a, SeedYaml.text(id), groups),
                    groups,
                    iam.roles(a),
                    resources.instances(a),
                    resources.tables(a),
                    resources.buckets(a),
                    a.mapping("root", false).map(r -> iam.root(r, SeedYaml.text(id)))));
        }
        OrganizationReader organization = new OrganizationReader(problems, resources);
        SeedWorld world =
                new SeedWorld(accounts, new FaultReader(problems).faults(root), organization.read(root, accounts));
        if (organization.generate() == 0 || !problems.isEmpty()) {
            return world;
        }
        try {
            return GeneratedAccounts.apply(world, organization.generate());
        } catch (IllegalArgumentException e) {
            problems.add(root.node().position(), "organization.generate: " + e.getMessage());
            return world;
        }
    }

    private static void expect(Fields root, String key, String value) {
        root.string(key, true).ifPresent(s -> {
            if (!s.text().equals(value)) {
                root.problems().add(s.position(), key + ": expected '" + value + "', got '" + s.text() + "'");
            }
        });
    }

    /** Loaded once, on first use: the world is immutable. */
    private static final class Bundled {
        static final SeedWorld WORLD = parse(bundledBytes(), Path.of(RESOURCE)).orElseThrow();
    }
}
