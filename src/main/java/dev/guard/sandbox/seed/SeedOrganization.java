package dev.guard.sandbox.seed;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The seeded AWS Organizations structure: the organization, its management account, its one root,
 * the organizational units and where each account sits. Every account of the world is a member:
 * one the seed does not place sits at the root, ACTIVE, untagged. {@code generated} is how many
 * member accounts {@link GeneratedAccounts} added to the world (0: none).
 */
public record SeedOrganization(
        String id,
        String rootId,
        String managementAccountId,
        List<Unit> units,
        Map<String, Membership> members,
        int generated) {
    public SeedOrganization {
        units = List.copyOf(units);
        members = Collections.unmodifiableMap(new LinkedHashMap<>(members));
    }

    /** An organizational unit under {@code parentId} (the root or another OU). */
    public record Unit(String id, String name, String parentId) {}

    /** Where an account sits, its status, e-mail and tags. */
    public record Membership(
            String accountId, String parentId, String status, Optional<String> email, Map<String, String> tags) {
        public Membership {
            tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
        }
    }

    /** An account the seed does not place: at the root, ACTIVE, no tags. */
    public Membership membership(String accountId) {
        return members.getOrDefault(accountId, new Membership(accountId, rootId, "ACTIVE", Optional.empty(), Map.of()));
    }

    public SeedOrganization withGenerated(int count, List<Unit> moreUnits, Map<String, Membership> moreMembers) {
        List<Unit> allUnits = new java.util.ArrayList<>(units);
        moreUnits.stream().filter(u -> unit(u.id()).isEmpty()).forEach(allUnits::add);
        Map<String, Membership> all = new LinkedHashMap<>(members);
        all.putAll(moreMembers);
        return new SeedOrganization(id, rootId, managementAccountId, allUnits, all, count);
    }

    public Optional<Unit> unit(String unitId) {
        return units.stream().filter(u -> u.id().equals(unitId)).findFirst();
    }

    /** The organization id's random part, as AWS spells ARNs with it. */
    public String arn() {
        return "arn:aws:organizations::" + managementAccountId + ":organization/" + id;
    }
}
