package dev.guard.config;

import dev.guard.runbook.AwsIdentifiers;
import dev.guard.yaml.Fields;
import dev.guard.yaml.MapNode;
import dev.guard.yaml.Problems;
import dev.guard.yaml.Scalar;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads one config file's keys into a {@link GuardConfig}, recording every problem with its
 * position; {@link ConfigLoader} finds the file. Plain control flow, not lambdas or method
 * references: reading runs on every command's start, and on JDK 17 each such call site costs
 * ~60 µs to link the first time it runs.
 */
final class ConfigParser {
    private final Environment env;
    private final Path file;
    private final Fields root;
    private final Problems problems;

    ConfigParser(Environment env, Path file, Fields root, Problems problems) {
        this.env = env;
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
        if (defaults.isPresent()) {
            defaults.get().allowOnly("region", "role", "runnerRole");
        }
        Optional<String> region = defaultValue(defaults, "region", Shape.REGION);
        Optional<String> role = defaultValue(defaults, "role", Shape.ROLE);
        Optional<String> runnerRole = defaultValue(defaults, "runnerRole", Shape.ROLE);
        return new GuardConfig(
                Optional.of(file),
                identity(partial),
                region,
                role,
                sessions(),
                accounts,
                buckets(partial),
                path("audit", "path", empty.auditLog()),
                path("runbooks", "dir", empty.runbookDirectory()),
                runnerRole,
                approvals(partial, region),
                locks(partial, region),
                new GroupsParser(problems, accounts).parse(root.mapping("groups", false)),
                LimitsParser.parse(root.mapping("limits", false)));
    }

    /** {@code defaults.KEY}, checked by {@code rule}. */
    private static Optional<String> defaultValue(Optional<Fields> defaults, String key, Shape rule) {
        if (defaults.isEmpty()) {
            return Optional.empty();
        }
        Optional<Scalar> s = defaults.get().string(key, false);
        if (s.isEmpty()) {
            return Optional.empty();
        }
        defaults.get().check(s.get(), "defaults." + key, rule);
        return Optional.of(s.get().text());
    }

    /** {@code KEY} of {@code f}, checked by {@code rule} when present. */
    private static Optional<String> checked(Fields f, String key, Shape rule) {
        Optional<Scalar> s = f.string(key, false);
        if (s.isEmpty()) {
            return Optional.empty();
        }
        f.check(s.get(), f.child(key), rule);
        return Optional.of(s.get().text());
    }

    /** The account {@code where} names, reporting an unknown one. */
    private Optional<Account> account(GuardConfig partial, Optional<Scalar> name, String where) {
        if (name.isEmpty()) {
            return Optional.empty();
        }
        Scalar s = name.get();
        Optional<Account> found = partial.account(s.text());
        if (found.isEmpty()) {
            problems.add(s.position(), where + ": unknown account '" + s.text() + "'");
        }
        return found;
    }

    private Optional<ApprovalsStore> approvals(GuardConfig partial, Optional<String> defaultRegion) {
        Optional<Fields> approvals = root.mapping("approvals", false);
        if (approvals.isEmpty()) {
            return Optional.empty();
        }
        Fields a = approvals.get();
        a.allowOnly("bucket", "prefix", "account", "region");
        Optional<Scalar> bucket = a.string("bucket", true);
        if (bucket.isPresent()) {
            a.check(bucket.get(), a.child("bucket"), Shape.BUCKET);
        }
        String prefix = prefix(a);
        Optional<Account> account = account(partial, a.string("account", true, true), a.child("account"));
        Optional<String> region = checked(a, "region", Shape.REGION);
        if (bucket.isEmpty() || account.isEmpty()) {
            return Optional.empty();
        }
        String storeRegion = region.isPresent() ? region.get() : defaultRegion.orElse("us-east-1");
        return Optional.of(
                new ApprovalsStore(bucket.get().text(), prefix, account.get().id(), storeRegion));
    }

    /** {@code approvals.prefix} without its slashes, or the default prefix. */
    private String prefix(Fields a) {
        Optional<Scalar> prefix = a.string("prefix", false);
        if (prefix.isEmpty()) {
            return ApprovalsStore.DEFAULT_PREFIX;
        }
        Scalar s = prefix.get();
        String p = s.text().replaceAll("^/+|/+$", "");
        if (!ApprovalsStore.PREFIX.matcher(p).matches()) {
            problems.add(
                    s.position(),
                    a.child("prefix") + ": '" + s.text() + "' is not a key prefix guard can use"
                            + " (segments of letters, digits and !_.*'()- separated by /)");
        }
        return p;
    }

    /** {@code locks: {table, account, region}}: all three, region defaulting to defaults.region. */
    private Optional<GuardConfig.Locks> locks(GuardConfig partial, Optional<String> defaultRegion) {
        Optional<Fields> locks = root.mapping("locks", false);
        if (locks.isEmpty()) {
            return Optional.empty();
        }
        Fields l = locks.get();
        l.allowOnly("table", "account", "region");
        Optional<Scalar> tableName = l.string("table", true);
        if (tableName.isPresent()) {
            l.check(tableName.get(), l.child("table"), Shape.TABLE);
        }
        Optional<Account> account = account(partial, l.string("account", true, true), l.child("account"));
        Optional<String> region = checked(l, "region", Shape.REGION);
        if (region.isEmpty()) {
            region = defaultRegion;
        }
        if (region.isEmpty() && tableName.isPresent()) {
            problems.add(l.node().position(), "locks.region: missing, and there is no defaults.region");
        }
        if (tableName.isEmpty() || account.isEmpty() || region.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(
                new GuardConfig.Locks(tableName.get().text(), account.get().id(), region.get()));
    }

    private void expect(String key, String value) {
        Optional<Scalar> s = root.string(key, true);
        if (s.isPresent() && !s.get().text().equals(value)) {
            problems.add(
                    s.get().position(),
                    key + ": expected '" + value + "', got '" + s.get().text() + "'");
        }
    }

    private Map<String, Account> accounts() {
        Map<String, Account> out = new LinkedHashMap<>();
        Map<String, String> ids = new LinkedHashMap<>();
        Optional<Fields> accounts = root.mapping("accounts", false);
        if (accounts.isEmpty()) {
            return out;
        }
        for (MapNode.Entry e : accounts.get().node().entries()) {
            String where = accounts.get().child(e.key());
            if (!AwsIdentifiers.isAccountAlias(e.key())) {
                problems.add(
                        e.keyPosition(),
                        where + ": '" + e.key()
                                + "' is not an account alias (lowercase letters, digits and -, starting with a letter)");
            }
            Optional<Fields> account = Fields.of(e.value(), where, problems);
            if (account.isPresent()) {
                account(e.key(), account.get(), where, ids, out);
            }
        }
        return out;
    }

    /** {@code accounts.ALIAS}: added to {@code out} when it has an id; {@code ids} finds an id used twice. */
    private void account(String alias, Fields a, String where, Map<String, String> ids, Map<String, Account> out) {
        a.allowOnly("id", "role", "protected", "runnerRole");
        Optional<Scalar> id = a.string("id", true, true);
        if (id.isPresent()) {
            a.check(id.get(), a.child("id"), Shape.ACCOUNT_ID);
        }
        Optional<String> role = checked(a, "role", Shape.ROLE);
        Optional<String> runnerRole = checked(a, "runnerRole", Shape.ROLE);
        Optional<Boolean> isProtected = a.bool("protected");
        if (id.isEmpty()) {
            return;
        }
        Scalar s = id.get();
        String other = ids.putIfAbsent(s.text(), alias);
        if (other != null) {
            problems.add(s.position(), where + ".id: account " + s.text() + " is already '" + other + "'");
        }
        out.put(alias, new Account(alias, s.text(), role, isProtected.orElse(false), runnerRole));
    }

    private GuardConfig.Identity identity(GuardConfig partial) {
        Optional<Fields> identity = root.mapping("identity", false);
        if (identity.isEmpty()) {
            return GuardConfig.Identity.UNKNOWN;
        }
        Fields f = identity.get();
        f.allowOnly("account", "mfaSerial", "sourceProfile");
        Optional<Scalar> serial = f.string("mfaSerial", false);
        Optional<String> serialText = Optional.empty();
        Optional<String> fromSerial = Optional.empty();
        if (serial.isPresent()) {
            f.check(serial.get(), f.child("mfaSerial"), Shape.MFA_SERIAL);
            serialText = Optional.of(serial.get().text());
            fromSerial = AwsIdentifiers.mfaSerialAccount(serial.get().text());
        }
        Optional<String> account = identityAccount(partial, f, fromSerial);
        if (account.isEmpty()) {
            account = fromSerial;
        }
        Optional<Scalar> profile = f.string("sourceProfile", false);
        Optional<String> profileText =
                profile.isPresent() ? Optional.of(profile.get().text()) : Optional.empty();
        return new GuardConfig.Identity(account, serialText, profileText);
    }

    /** {@code identity.account}'s id: a known account, and the MFA device's when both are given. */
    private Optional<String> identityAccount(GuardConfig partial, Fields f, Optional<String> fromSerial) {
        Optional<Scalar> name = f.string("account", false, true);
        if (name.isEmpty()) {
            return Optional.empty();
        }
        Scalar s = name.get();
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
        long role = s.integer("roleSeconds", false, 900, 43_200).orElse(GuardConfig.Sessions.DEFAULTS.roleSeconds());
        boolean sourceIdentity = s.bool("sourceIdentity").orElse(GuardConfig.Sessions.DEFAULTS.sourceIdentity());
        return new GuardConfig.Sessions((int) token, (int) role, sourceIdentity);
    }

    private Map<String, BucketAccess> buckets(GuardConfig partial) {
        Map<String, BucketAccess> out = new LinkedHashMap<>();
        Optional<Fields> buckets = root.mapping("buckets", false);
        if (buckets.isEmpty()) {
            return out;
        }
        for (MapNode.Entry e : buckets.get().node().entries()) {
            String where = buckets.get().child(e.key());
            Optional<String> why = AwsIdentifiers.bucketName(e.key());
            if (why.isPresent()) {
                problems.add(e.keyPosition(), where + ": " + why.get());
            }
            Optional<Fields> bucket = Fields.of(e.value(), where, problems);
            if (bucket.isEmpty()) {
                continue;
            }
            Fields b = bucket.get();
            b.allowOnly("account", "access");
            Optional<Account> account = account(partial, b.string("account", true, true), b.child("account"));
            Optional<BucketAccess.Kind> kind = kind(b);
            if (account.isPresent() && kind.isPresent()) {
                out.put(e.key(), new BucketAccess(e.key(), account.get().id(), kind.get()));
            }
        }
        return out;
    }

    /** {@code buckets.NAME.access}. */
    private Optional<BucketAccess.Kind> kind(Fields b) {
        Optional<Scalar> access = b.string("access", true);
        if (access.isEmpty()) {
            return Optional.empty();
        }
        Scalar s = access.get();
        for (BucketAccess.Kind k : BucketAccess.Kind.values()) {
            if (k.yaml().equals(s.text())) {
                return Optional.of(k);
            }
        }
        problems.add(
                s.position(),
                b.child("access") + ": expected resource-policy or identity-policy, got '" + s.text() + "'");
        return Optional.empty();
    }

    /** {@code SECTION.KEY}, relative to the config file (or to home for {@code ~/}); else {@code fallback}. */
    private Path path(String section, String key, Path fallback) {
        Optional<Fields> f = root.mapping(section, false);
        if (f.isEmpty()) {
            return fallback;
        }
        f.get().allowOnly(key);
        Optional<Scalar> s = f.get().string(key, false);
        if (s.isEmpty()) {
            return fallback;
        }
        String text = s.get().text();
        if (text.equals("~") || text.startsWith("~/")) {
            return env.resolve(text);
        }
        return file.toAbsolutePath().getParent().resolve(text).normalize();
    }

    /** A shape rule for {@link Fields#check}: one named class instead of a method reference per call site. */
    private enum Shape implements Function<String, Optional<String>> {
        REGION,
        ROLE,
        BUCKET,
        MFA_SERIAL,
        ACCOUNT_ID,
        TABLE;

        @Override
        public Optional<String> apply(String v) {
            return switch (this) {
                case REGION -> AwsIdentifiers.region(v);
                case ROLE -> AwsIdentifiers.role(v);
                case BUCKET -> AwsIdentifiers.bucketName(v);
                case MFA_SERIAL -> AwsIdentifiers.mfaSerial(v);
                case ACCOUNT_ID ->
                    AwsIdentifiers.isAccountId(v)
                            ? Optional.empty()
                            : Optional.of("'" + v + "' is not a 12-digit account id");
                case TABLE -> AwsIdentifiers.tableName(v);
            };
        }
    }
}
