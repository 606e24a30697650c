package dev.guard.sandbox.seed;

import dev.guard.yaml.Fields;
import dev.guard.yaml.Problems;
import dev.guard.yaml.Scalar;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the seed's {@code organization:} section: ids in AWS's own patterns (botocore's), OUs whose
 * parents exist, accounts placed once each, and an optional {@code generate: {accounts: N}}.
 */
final class OrganizationReader {
    static final Pattern ORGANIZATION_ID = Pattern.compile("o-[a-z0-9]{10,32}");
    static final Pattern ROOT_ID = Pattern.compile("r-([0-9a-z]{4,32})");
    static final Pattern OU_ID = Pattern.compile("ou-([0-9a-z]{4,32})-[a-z0-9]{8,32}");
    static final Set<String> STATUSES = Set.of("ACTIVE", "SUSPENDED", "PENDING_CLOSURE");

    private final Problems problems;
    private final ResourceReader resources;
    private int generate;

    OrganizationReader(Problems problems, ResourceReader resources) {
        this.problems = problems;
        this.resources = resources;
    }

    Optional<SeedOrganization> read(Fields root, List<SeedAccount> accounts) {
        return root.mapping("organization", false).map(o -> organization(o, accounts));
    }

    private SeedOrganization organization(Fields o, List<SeedAccount> accounts) {
        o.allowOnly("id", "root", "managementAccount", "organizationalUnits", "accounts", "generate");
        String id = SeedYaml.text(SeedYaml.string(
                o,
                "id",
                v -> rule(ORGANIZATION_ID, v, "an organization id (o-" + " and 10-32 lowercase letters or digits)")));
        String rootId = SeedYaml.text(SeedYaml.string(
                o, "root", v -> rule(ROOT_ID, v, "a root id (r- and 4-32" + " lowercase letters or digits)")));
        String management = o.string("managementAccount", true, true)
                .flatMap(s -> account(o, "managementAccount", s, accounts))
                .orElse("");
        Set<String> parents = new HashSet<>(Set.of(rootId));
        List<SeedOrganization.Unit> units = new java.util.ArrayList<>();
        SeedYaml.Unique unitIds = new SeedYaml.Unique("organizational unit id", problems);
        List<Fields> unitFields = SeedYaml.items(o, "organizationalUnits");
        for (Fields u : unitFields) {
            u.allowOnly("id", "name", "parent");
            Optional<Scalar> unitId = SeedYaml.string(u, "id", v -> ouId(v, rootId));
            unitIds.claim(unitId, u.child("id"));
            Optional<Scalar> name = SeedYaml.string(
                    u,
                    "name",
                    v -> v.length() <= 128 ? Optional.empty() : Optional.of("an OU name is 1-128 characters"));
            units.add(new SeedOrganization.Unit(
                    SeedYaml.text(unitId),
                    SeedYaml.text(name),
                    u.string("parent", false).map(Scalar::text).orElse(rootId)));
            parents.add(SeedYaml.text(unitId));
        }
        for (int i = 0; i < units.size(); i++) {
            Fields u = unitFields.get(i);
            String parent = units.get(i).parentId();
            u.string("parent", false)
                    .filter(p -> !parents.contains(p.text()))
                    .ifPresent(p -> problems.add(
                            p.position(), u.child("parent") + ": '" + parent + "' is neither the root nor an OU"));
        }
        Map<String, SeedOrganization.Membership> members = members(o, accounts, rootId, parents);
        generate = o.mapping("generate", false)
                .map(g -> {
                    g.allowOnly("accounts");
                    return (int) g.integer("accounts", true, 0, GeneratedAccounts.MAX)
                            .orElse(0);
                })
                .orElse(0);
        return new SeedOrganization(id, rootId, management, units, members, 0);
    }

    /** How many member accounts {@code generate:} asks for (0: none); known after {@link #read}. */
    int generate() {
        return generate;
    }

    private Map<String, SeedOrganization.Membership> members(
            Fields o, List<SeedAccount> accounts, String rootId, Set<String> parents) {
        Map<String, SeedOrganization.Membership> members = new LinkedHashMap<>();
        SeedYaml.Unique placed = new SeedYaml.Unique("account placement", problems);
        for (Fields a : SeedYaml.items(o, "accounts")) {
            a.allowOnly("account", "parent", "status", "email", "tags");
            Optional<Scalar> ref = a.string("account", true, true);
            placed.claim(ref, a.child("account"));
            Optional<String> accountId = ref.flatMap(s -> account(a, "account", s, accounts));
            Optional<Scalar> parent = a.string("parent", false);
            parent.filter(p -> !parents.contains(p.text()))
                    .ifPresent(p -> problems.add(
                            p.position(), a.child("parent") + ": '" + p.text() + "' is neither the root nor an OU"));
            Optional<Scalar> status = SeedYaml.string(
                    a,
                    "status",
                    false,
                    false,
                    v -> STATUSES.contains(v)
                            ? Optional.empty()
                            : Optional.of(
                                    "'" + v + "' is not an account status (" + String.join(", ", sorted()) + ")"));
            Optional<Scalar> email = SeedYaml.string(
                    a,
                    "email",
                    false,
                    false,
                    v -> v.matches("[^\\s@]+@[^\\s@]+\\.[^\\s@]+") && v.length() >= 6 && v.length() <= 64
                            ? Optional.empty()
                            : Optional.of("'" + v + "' is not an e-mail address (6-64 characters)"));
            accountId.ifPresent(id -> members.put(
                    id,
                    new SeedOrganization.Membership(
                            id,
                            parent.map(Scalar::text).orElse(rootId),
                            status.map(Scalar::text).orElse("ACTIVE"),
                            email.map(Scalar::text),
                            resources.tags(a))));
        }
        return members;
    }

    /** An account named by its name or id, which must be one of the seed's. */
    private Optional<String> account(Fields f, String key, Scalar s, List<SeedAccount> accounts) {
        Optional<String> id = accounts.stream()
                .filter(a -> a.name().equals(s.text()) || a.id().equals(s.text()))
                .map(SeedAccount::id)
                .findFirst();
        if (id.isEmpty()) {
            problems.add(
                    s.position(),
                    f.child(key) + ": no account '" + s.text() + "' in the seed (accounts: "
                            + String.join(
                                    ", ",
                                    accounts.stream().map(SeedAccount::name).toList()) + ")");
        }
        return id;
    }

    private static Optional<String> ouId(String v, String rootId) {
        Matcher m = OU_ID.matcher(v);
        if (!m.matches()) {
            return Optional.of("'" + v + "' is not an OU id (ou-, the root's 4-32 characters, -, 8-32 lowercase"
                    + " letters or digits)");
        }
        Matcher r = ROOT_ID.matcher(rootId);
        return r.matches() && !r.group(1).equals(m.group(1))
                ? Optional.of(
                        "'" + v + "' does not carry the root's part '" + r.group(1) + "' (ou-" + r.group(1) + "-...)")
                : Optional.empty();
    }

    private static Optional<String> rule(Pattern p, String v, String what) {
        return p.matcher(v).matches() ? Optional.empty() : Optional.of("'" + v + "' is not " + what);
    }

    private static List<String> sorted() {
        return STATUSES.stream().sorted().toList();
    }
}
