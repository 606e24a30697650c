package dev.guard.sandbox.seed;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Member accounts made on demand ({@code guard sandbox --accounts N}, {@code organization.generate.accounts}),
 * every one the same, deterministically:
 *
 * <ul>
 *   <li>account {@code i} (1..N) has id {@code 700000000000 + i} ({@code 700000000001} ...
 *       {@code 700000001000}) and name {@code member-001} ... ({@code %03d}); e-mail
 *       {@code member-001@sandbox.guard.example};
 *   <li>it sits in the OU {@code Generated}, id {@code ou-<root part>-generated}
 *       ({@code ou-gs01-generated} in the bundled seed), directly under the root; ACTIVE; tagged
 *       {@code env=dev} and {@code team=} payments, search, platform, data in turn;
 *   <li>it has the roles of the template account (the first member account holding a
 *       {@code PrivilegedActionsRole}: development in the bundled seed), the very same role objects,
 *       so their policies are written once; a seed without one gets {@link #FALLBACK_ROLE};
 *   <li>and three running t3.micro instances in us-east-1, {@code i-0<account id>000a}, {@code ...b}
 *       tagged {@code env=dev, cleanup=true}, and {@code ...c} tagged {@code env=dev} only.
 * </ul>
 *
 * A world without an organization gets {@link #DEFAULT_ORGANIZATION}, managed by its first account.
 */
public final class GeneratedAccounts {
    /** The most accounts one sandbox generates. */
    public static final int MAX = 1000;

    static final long FIRST_ID = 700_000_000_000L;
    static final String ROLE = "PrivilegedActionsRole";
    static final String OU_NAME = "Generated";
    static final String OU_SUFFIX = "generated";
    static final List<String> TEAMS = List.of("payments", "search", "platform", "data");
    static final String DEFAULT_ORGANIZATION = "o-guardsandbox1";
    static final String DEFAULT_ROOT = "r-gs01";

    private GeneratedAccounts() {}

    /** Account {@code i}'s id (1-based). */
    public static String id(int i) {
        return Long.toString(FIRST_ID + i);
    }

    /** Account {@code i}'s name (1-based). */
    public static String name(int i) {
        return String.format(java.util.Locale.ROOT, "member-%03d", i);
    }

    /** The one-line reason {@code n} is refused, if it is. */
    public static Optional<String> refuse(int n) {
        return n < 0 || n > MAX
                ? Optional.of("--accounts " + n + " is out of range: the sandbox generates 0 to " + MAX + " accounts")
                : Optional.empty();
    }

    /**
     * {@code world} with exactly {@code n} generated member accounts (replacing any it had).
     *
     * @throws IllegalArgumentException when {@code n} is out of range ({@link #refuse})
     */
    public static SeedWorld apply(SeedWorld world, int n) {
        refuse(n).ifPresent(why -> {
            throw new IllegalArgumentException(why);
        });
        SeedOrganization org = world.organization().orElseGet(() -> defaultOrganization(world));
        Set<String> old = java.util.stream.IntStream.rangeClosed(1, org.generated())
                .mapToObj(GeneratedAccounts::id)
                .collect(Collectors.toSet());
        List<SeedAccount> accounts = new ArrayList<>(
                world.accounts().stream().filter(a -> !old.contains(a.id())).toList());
        accounts.forEach(a -> refuseClash(a, n));
        Map<String, SeedOrganization.Membership> members = new LinkedHashMap<>(org.members());
        old.forEach(members::remove);
        List<SeedRole> roles = templateRoles(accounts, org.managementAccountId());
        String ou = "ou-" + org.rootId().substring(2) + "-" + OU_SUFFIX;
        Map<String, SeedOrganization.Membership> added = new LinkedHashMap<>();
        for (int i = 1; i <= n; i++) {
            String id = id(i);
            accounts.add(new SeedAccount(
                    name(i), id, List.of(), List.of(), roles, instances(id, name(i)), List.of(), List.of()));
            added.put(
                    id,
                    new SeedOrganization.Membership(
                            id, ou, "ACTIVE", Optional.of(name(i) + "@sandbox.guard.example"), tags(i)));
        }
        // The Generated OU goes with the accounts it was made for (and comes back with the new ones).
        List<SeedOrganization.Unit> kept = org.units().stream()
                .filter(u -> org.generated() == 0 || !u.id().equals(ou))
                .toList();
        SeedOrganization base =
                new SeedOrganization(org.id(), org.rootId(), org.managementAccountId(), kept, members, 0);
        List<SeedOrganization.Unit> units =
                n == 0 ? List.of() : List.of(new SeedOrganization.Unit(ou, OU_NAME, org.rootId()));
        return new SeedWorld(accounts, world.faults(), Optional.of(base.withGenerated(n, units, added)));
    }

    /** The seed's own accounts keep their ids and names; a generated one may not take them. */
    private static void refuseClash(SeedAccount a, int n) {
        boolean id = a.id().length() == 12 && a.id().compareTo(id(1)) >= 0 && a.id().compareTo(id(n)) <= 0;
        boolean name =
                a.name().matches("member-\\d{3,4}") && Integer.parseInt(a.name().substring(7)) <= n;
        if (id || name) {
            throw new IllegalArgumentException("cannot generate " + n + " accounts: the seed's account " + a.name()
                    + " (" + a.id() + ") has the id or name of a generated one");
        }
    }

    private static Map<String, String> tags(int i) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("env", "dev");
        tags.put("team", TEAMS.get((i - 1) % TEAMS.size()));
        return tags;
    }

    private static SeedOrganization defaultOrganization(SeedWorld world) {
        return new SeedOrganization(
                DEFAULT_ORGANIZATION, DEFAULT_ROOT, world.accounts().get(0).id(), List.of(), Map.of(), 0);
    }

    private static List<SeedInstance> instances(String accountId, String name) {
        String prefix = "i-0" + accountId + "000";
        return List.of(
                instance(prefix + "a", name + "-a", true),
                instance(prefix + "b", name + "-b", true),
                instance(prefix + "c", name + "-c", false));
    }

    private static SeedInstance instance(String id, String name, boolean cleanup) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("Name", name);
        tags.put("env", "dev");
        if (cleanup) {
            tags.put("cleanup", "true");
        }
        return new SeedInstance(id, "running", "t3.micro", tags, false);
    }

    /** The roles every generated account gets: the template account's (same objects), or the fallback. */
    private static List<SeedRole> templateRoles(List<SeedAccount> accounts, String managementId) {
        return accounts.stream()
                .filter(a -> !a.id().equals(managementId) && a.role(ROLE).isPresent())
                .findFirst()
                .map(SeedAccount::roles)
                .orElseGet(() -> List.of(fallbackRole(managementId)));
    }

    /**
     * For a seed with no {@code PrivilegedActionsRole} to copy: the management account's
     * principals may assume it with MFA, and it may manage instances.
     */
    static SeedRole fallbackRole(String managementId) {
        Map<String, Object> trust = Map.of(
                "Version",
                "2012-10-17",
                "Statement",
                List.of(Map.of(
                        "Sid", "IdentityAccountWithMfa",
                        "Effect", "Allow",
                        "Principal", Map.of("AWS", "arn:aws:iam::" + managementId + ":root"),
                        "Action", List.of("sts:AssumeRole", "sts:SetSourceIdentity"),
                        "Condition", Map.of("Bool", Map.of("aws:MultiFactorAuthPresent", "true")))));
        Map<String, Object> actions = Map.of(
                "Version",
                "2012-10-17",
                "Statement",
                List.of(Map.of(
                        "Sid", "Instances",
                        "Effect", "Allow",
                        "Action",
                                List.of(
                                        "ec2:Describe*",
                                        "ec2:StartInstances",
                                        "ec2:StopInstances",
                                        "ec2:TerminateInstances",
                                        "ec2:CreateTags",
                                        "ec2:DeleteTags",
                                        "iam:GetRole"),
                        "Resource", "*")));
        return new SeedRole(ROLE, trust, List.of(new SeedPolicy("PrivilegedActions", actions)), 3600);
    }
}
