package dev.guard.config;

import dev.guard.runbook.AwsIdentifiers;
import dev.guard.yaml.Fields;
import dev.guard.yaml.MapNode;
import dev.guard.yaml.OwnDocument;
import dev.guard.yaml.Problems;
import dev.guard.yaml.Scalar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds and reads {@code guard.yaml}. Precedence: {@code --config}, {@code $GUARD_CONFIG}, {@code
 * ./config/guard.yaml}, {@code $XDG_CONFIG_HOME/guard/config.yaml}. A file named explicitly must
 * exist; the others are optional. Relative paths inside the file are relative to the file.
 */
public final class ConfigLoader {
    /** A config, or the problems that stopped it from loading (never both). */
    public record Result(Optional<GuardConfig> config, Problems problems) {}

    private final Environment env;

    public ConfigLoader(Environment env) {
        this.env = env;
    }

    /** Where the config would be read from, and whether it was named explicitly. */
    public Optional<Path> locate(Optional<String> flag) {
        if (flag.isPresent()) {
            if (flag.get().isBlank()) {
                // Path.of("") is the working directory: "'': is a directory" says nothing useful.
                throw dev.guard.error.GuardException.invalid("--config: an empty file name; name a guard config file");
            }
            return Optional.of(env.resolve(flag.get()));
        }
        Optional<String> variable = env.get("GUARD_CONFIG");
        if (variable.isPresent()) {
            return Optional.of(env.resolve(variable.get()));
        }
        for (Path candidate : List.of(
                env.workingDirectory().resolve("config/guard.yaml"),
                env.configHome().resolve("guard/config.yaml"))) {
            if (Files.isRegularFile(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    public Result load(Optional<String> flag) {
        Optional<Path> path = locate(flag);
        if (path.isEmpty()) {
            return new Result(Optional.of(GuardConfig.empty(env)), new Problems(Path.of("guard.yaml")));
        }
        return read(path.get());
    }

    public Result read(Path file) {
        Problems problems = new Problems(relative(file));
        Optional<GuardConfig> config = OwnDocument.read(file, problems, "config file")
                .flatMap(root -> Fields.of(root, "", problems))
                .map(root -> new Parser(file, root, problems).config());
        return problems.isEmpty() ? new Result(config, problems) : new Result(Optional.empty(), problems);
    }

    private Path relative(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        return abs.startsWith(env.workingDirectory()) ? env.workingDirectory().relativize(abs) : abs;
    }

    private final class Parser {
        private final Path file;
        private final Fields root;
        private final Problems problems;

        Parser(Path file, Fields root, Problems problems) {
            this.file = file;
            this.root = root;
            this.problems = problems;
        }

        /** The config's top-level keys. */
        private static final String[] KEYS = {
            "apiVersion",
            "kind",
            "identity",
            "defaults",
            "sessions",
            "accounts",
            "buckets",
            "audit",
            "runbooks",
            "approvals",
            "locks",
            "groups",
            "limits"
        };

        GuardConfig config() {
            root.allowOnly(KEYS);
            expect("apiVersion", "guard/v1");
            expect("kind", "Config");
            Map<String, Account> accounts = accounts();
            GuardConfig empty = GuardConfig.empty(env);
            GuardConfig partial = new GuardConfig(
                    Optional.of(file),
                    GuardConfig.Identity.UNKNOWN,
                    Optional.empty(),
                    Optional.empty(),
                    GuardConfig.Sessions.DEFAULTS,
                    accounts,
                    Map.of(),
                    empty.auditLog(),
                    empty.runbookDirectory());
            Optional<Fields> defaults = root.mapping("defaults", false);
            defaults.ifPresent(d -> d.allowOnly("region", "role", "runnerRole"));
            Optional<String> region = defaultValue(defaults, "region", AwsIdentifiers::region);
            Optional<String> role = defaultValue(defaults, "role", AwsIdentifiers::role);
            Optional<String> runnerRole = defaultValue(defaults, "runnerRole", AwsIdentifiers::role);
            return new GuardConfig(
                    Optional.of(file),
                    identity(partial),
                    region,
                    role,
                    sessions(),
                    accounts,
                    buckets(partial),
                    path("audit", "path").orElse(empty.auditLog()),
                    path("runbooks", "dir").orElse(empty.runbookDirectory()),
                    runnerRole,
                    approvals(partial, region),
                    locks(partial, region),
                    new GroupsParser(problems, accounts).parse(root.mapping("groups", false)),
                    LimitsParser.parse(root.mapping("limits", false)));
        }

        /** {@code defaults.KEY}, checked by {@code rule}. */
        private static Optional<String> defaultValue(
                Optional<Fields> defaults, String key, java.util.function.Function<String, Optional<String>> rule) {
            return defaults.flatMap(d -> d.string(key, false)).map(s -> {
                defaults.get().check(s, "defaults." + key, rule);
                return s.text();
            });
        }

        private Optional<ApprovalsStore> approvals(GuardConfig partial, Optional<String> defaultRegion) {
            return root.mapping("approvals", false).flatMap(a -> {
                a.allowOnly("bucket", "prefix", "account", "region");
                Optional<Scalar> bucket = a.string("bucket", true);
                bucket.ifPresent(s -> a.check(s, a.child("bucket"), AwsIdentifiers::bucketName));
                String prefix = a.string("prefix", false)
                        .map(s -> {
                            String p = s.text().replaceAll("^/+|/+$", "");
                            if (!ApprovalsStore.PREFIX.matcher(p).matches()) {
                                problems.add(
                                        s.position(),
                                        a.child("prefix") + ": '" + s.text() + "' is not a key prefix guard can use"
                                                + " (segments of letters, digits and !_.*'()- separated by /)");
                            }
                            return p;
                        })
                        .orElse(ApprovalsStore.DEFAULT_PREFIX);
                Optional<Account> account = a.string("account", true, true).flatMap(s -> {
                    Optional<Account> found = partial.account(s.text());
                    if (found.isEmpty()) {
                        problems.add(s.position(), a.child("account") + ": unknown account '" + s.text() + "'");
                    }
                    return found;
                });
                Optional<String> region = a.string("region", false).map(s -> {
                    a.check(s, a.child("region"), AwsIdentifiers::region);
                    return s.text();
                });
                if (bucket.isEmpty() || account.isEmpty()) {
                    return Optional.empty();
                }
                return Optional.of(new ApprovalsStore(
                        bucket.get().text(),
                        prefix,
                        account.get().id(),
                        region.or(() -> defaultRegion).orElse("us-east-1")));
            });
        }

        /** {@code locks: {table, account, region}}: all three, region defaulting to defaults.region. */
        private Optional<GuardConfig.Locks> locks(GuardConfig partial, Optional<String> defaultRegion) {
            Optional<Fields> locks = root.mapping("locks", false);
            if (locks.isEmpty()) {
                return Optional.empty();
            }
            Fields l = locks.get();
            l.allowOnly("table", "account", "region");
            Optional<String> table = l.string("table", true).map(s -> {
                l.check(
                        s,
                        l.child("table"),
                        v -> v.matches("[A-Za-z0-9_.-]{3,255}")
                                ? Optional.empty()
                                : Optional.of("'" + v + "' is not a DynamoDB table name (3-255 of A-Z a-z 0-9 _ . -)"));
                return s.text();
            });
            Optional<String> account = l.string("account", true, true).flatMap(s -> {
                Optional<Account> a = partial.account(s.text());
                if (a.isEmpty()) {
                    problems.add(s.position(), l.child("account") + ": unknown account '" + s.text() + "'");
                }
                return a.map(Account::id);
            });
            Optional<String> region = l.string("region", false)
                    .map(s -> {
                        l.check(s, l.child("region"), AwsIdentifiers::region);
                        return s.text();
                    })
                    .or(() -> defaultRegion);
            if (region.isEmpty() && table.isPresent()) {
                problems.add(l.node().position(), "locks.region: missing, and there is no defaults.region");
            }
            if (table.isEmpty() || account.isEmpty() || region.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new GuardConfig.Locks(table.get(), account.get(), region.get()));
        }

        private void expect(String key, String value) {
            root.string(key, true).ifPresent(s -> {
                if (!s.text().equals(value)) {
                    problems.add(s.position(), key + ": expected '" + value + "', got '" + s.text() + "'");
                }
            });
        }

        private Map<String, Account> accounts() {
            Map<String, Account> out = new LinkedHashMap<>();
            Map<String, String> ids = new LinkedHashMap<>();
            root.mapping("accounts", false).ifPresent(accounts -> {
                for (MapNode.Entry e : accounts.node().entries()) {
                    String where = accounts.child(e.key());
                    if (!AwsIdentifiers.isAccountAlias(e.key())) {
                        problems.add(
                                e.keyPosition(),
                                where + ": '" + e.key()
                                        + "' is not an account alias (lowercase letters, digits and -, starting with a letter)");
                    }
                    Fields.of(e.value(), where, problems).ifPresent(a -> {
                        a.allowOnly("id", "role", "protected", "runnerRole");
                        Optional<Scalar> id = a.string("id", true, true);
                        id.ifPresent(s -> a.check(
                                s,
                                a.child("id"),
                                v -> AwsIdentifiers.isAccountId(v)
                                        ? Optional.empty()
                                        : Optional.of("'" + v + "' is not a 12-digit account id")));
                        Optional<String> role = a.string("role", false).map(r -> {
                            a.check(r, a.child("role"), AwsIdentifiers::role);
                            return r.text();
                        });
                        Optional<String> runnerRole = a.string("runnerRole", false)
                                .map(r -> {
                                    a.check(r, a.child("runnerRole"), AwsIdentifiers::role);
                                    return r.text();
                                });
                        boolean isProtected = a.bool("protected").orElse(false);
                        id.ifPresent(s -> {
                            String other = ids.putIfAbsent(s.text(), e.key());
                            if (other != null) {
                                problems.add(
                                        s.position(),
                                        where + ".id: account " + s.text() + " is already '" + other + "'");
                            }
                            out.put(e.key(), new Account(e.key(), s.text(), role, isProtected, runnerRole));
                        });
                    });
                }
            });
            return out;
        }

        private GuardConfig.Identity identity(GuardConfig partial) {
            Optional<Fields> identity = root.mapping("identity", false);
            if (identity.isEmpty()) {
                return GuardConfig.Identity.UNKNOWN;
            }
            Fields f = identity.get();
            f.allowOnly("account", "mfaSerial", "sourceProfile");
            Optional<Scalar> serial = f.string("mfaSerial", false);
            serial.ifPresent(s -> f.check(s, f.child("mfaSerial"), AwsIdentifiers::mfaSerial));
            Optional<String> fromSerial = serial.flatMap(s -> AwsIdentifiers.mfaSerialAccount(s.text()));
            Optional<String> account = f.string("account", false, true).flatMap(s -> {
                Optional<Account> a = partial.account(s.text());
                if (a.isEmpty()) {
                    problems.add(
                            s.position(),
                            f.child("account") + ": unknown account '" + s.text()
                                    + "' (not an alias under accounts, nor a 12-digit id)");
                    return Optional.empty();
                }
                if (fromSerial.isPresent() && !fromSerial.get().equals(a.get().id())) {
                    problems.add(
                            s.position(),
                            f.child("account") + ": " + a.get().label() + " is not the account of the MFA device ("
                                    + fromSerial.get() + ")");
                }
                return Optional.of(a.get().id());
            });
            Optional<String> profile = f.string("sourceProfile", false).map(Scalar::text);
            return new GuardConfig.Identity(account.or(() -> fromSerial), serial.map(Scalar::text), profile);
        }

        private GuardConfig.Sessions sessions() {
            Optional<Fields> sessions = root.mapping("sessions", false);
            if (sessions.isEmpty()) {
                return GuardConfig.Sessions.DEFAULTS;
            }
            Fields s = sessions.get();
            s.allowOnly("sessionTokenSeconds", "roleSeconds", "sourceIdentity");
            // The ranges are STS's own: GetSessionToken 15 min..36 h, AssumeRole 15 min..12 h.
            long token = s.integer("sessionTokenSeconds", false, 900, 129_600)
                    .orElse(GuardConfig.Sessions.DEFAULTS.sessionTokenSeconds());
            long role =
                    s.integer("roleSeconds", false, 900, 43_200).orElse(GuardConfig.Sessions.DEFAULTS.roleSeconds());
            boolean sourceIdentity = s.bool("sourceIdentity").orElse(GuardConfig.Sessions.DEFAULTS.sourceIdentity());
            return new GuardConfig.Sessions((int) token, (int) role, sourceIdentity);
        }

        private Map<String, BucketAccess> buckets(GuardConfig partial) {
            Map<String, BucketAccess> out = new LinkedHashMap<>();
            root.mapping("buckets", false).ifPresent(buckets -> {
                for (MapNode.Entry e : buckets.node().entries()) {
                    String where = buckets.child(e.key());
                    AwsIdentifiers.bucketName(e.key())
                            .ifPresent(why -> problems.add(e.keyPosition(), where + ": " + why));
                    Fields.of(e.value(), where, problems).ifPresent(b -> {
                        b.allowOnly("account", "access");
                        Optional<Account> account = b.string("account", true, true)
                                .flatMap(s -> {
                                    Optional<Account> a = partial.account(s.text());
                                    if (a.isEmpty()) {
                                        problems.add(
                                                s.position(),
                                                b.child("account") + ": unknown account '" + s.text() + "'");
                                    }
                                    return a;
                                });
                        Optional<BucketAccess.Kind> kind = b.string("access", true)
                                .flatMap(s -> {
                                    for (BucketAccess.Kind k : BucketAccess.Kind.values()) {
                                        if (k.yaml().equals(s.text())) {
                                            return Optional.of(k);
                                        }
                                    }
                                    problems.add(
                                            s.position(),
                                            b.child("access") + ": expected resource-policy or identity-policy, got '"
                                                    + s.text() + "'");
                                    return Optional.empty();
                                });
                        if (account.isPresent() && kind.isPresent()) {
                            out.put(
                                    e.key(),
                                    new BucketAccess(e.key(), account.get().id(), kind.get()));
                        }
                    });
                }
            });
            return out;
        }

        private Optional<Path> path(String section, String key) {
            return root.mapping(section, false)
                    .flatMap(f -> {
                        f.allowOnly(key);
                        return f.string(key, false);
                    })
                    .map(s -> {
                        String text = s.text();
                        if (text.equals("~") || text.startsWith("~/")) {
                            return env.resolve(text);
                        }
                        return file.toAbsolutePath().getParent().resolve(text).normalize();
                    });
        }
    }
}
