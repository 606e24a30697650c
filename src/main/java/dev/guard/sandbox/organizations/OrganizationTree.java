package dev.guard.sandbox.organizations;

import dev.guard.sandbox.seed.SeedAccount;
import dev.guard.sandbox.seed.SeedOrganization;
import dev.guard.sandbox.seed.SeedWorld;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The organization as Organizations answers it, indexed once at start (it never changes: the
 * sandbox models no Organizations writes): accounts in seed order, each parent's direct children,
 * each child's parent, and every taggable resource's tags. Lookups are map reads, so 1,000
 * accounts cost nothing per request.
 */
final class OrganizationTree {
    /** When every seeded account joined: fixed, so answers are the same on every run. */
    static final long JOINED_EPOCH_SECONDS = 1_735_689_600L; // 2025-01-01T00:00:00Z

    /** An account's answer in AWS's shape (Id, Arn, Email, Name, Status, State, JoinedMethod, JoinedTimestamp). */
    record Account(String id, String parentId, Map<String, Object> json, Map<String, String> tags) {}

    /** An organizational unit's answer (Id, Arn, Name). */
    record Unit(String id, String parentId, Map<String, Object> json) {}

    final SeedOrganization organization;
    final List<Account> accounts = new ArrayList<>();
    final Map<String, Account> accountsById = new HashMap<>();
    final Map<String, Unit> unitsById = new LinkedHashMap<>();
    final Map<String, List<Account>> accountsByParent = new HashMap<>();
    final Map<String, List<Unit>> unitsByParent = new HashMap<>();

    OrganizationTree(SeedOrganization organization, SeedWorld world) {
        this.organization = organization;
        for (SeedOrganization.Unit u : organization.units()) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("Id", u.id());
            json.put("Arn", ouArn(u.id()));
            json.put("Name", u.name());
            Unit unit = new Unit(u.id(), u.parentId(), json);
            unitsById.put(u.id(), unit);
            unitsByParent.computeIfAbsent(u.parentId(), p -> new ArrayList<>()).add(unit);
        }
        int index = 0;
        for (SeedAccount a : world.accounts()) {
            SeedOrganization.Membership m = organization.membership(a.id());
            boolean management = a.id().equals(organization.managementAccountId());
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("Id", a.id());
            json.put("Arn", accountArn(a.id()));
            json.put("Email", m.email().orElse(a.name() + "@sandbox.guard.example"));
            json.put("Name", a.name());
            json.put("Status", m.status());
            // The newer State member (AWS added it in 2025) says the same for these three statuses.
            json.put("State", m.status());
            // The management account created the organization; AWS lists it as INVITED.
            json.put("JoinedMethod", management ? "INVITED" : "CREATED");
            json.put("JoinedTimestamp", JOINED_EPOCH_SECONDS + 60L * index++);
            Account account = new Account(a.id(), m.parentId(), json, m.tags());
            accounts.add(account);
            accountsById.put(a.id(), account);
            accountsByParent
                    .computeIfAbsent(m.parentId(), p -> new ArrayList<>())
                    .add(account);
        }
    }

    String id() {
        return organization.id();
    }

    String rootId() {
        return organization.rootId();
    }

    String managementAccountId() {
        return organization.managementAccountId();
    }

    boolean isParent(String id) {
        return id.equals(rootId()) || unitsById.containsKey(id);
    }

    /** The parent of an account or OU, if it is one. */
    Optional<String> parentOf(String childId) {
        return Optional.ofNullable(accountsById.get(childId))
                .map(Account::parentId)
                .or(() -> Optional.ofNullable(unitsById.get(childId)).map(Unit::parentId));
    }

    /** A root, OU or account's tags, if it exists (the root and OUs have none here). */
    Optional<Map<String, String>> tags(String resourceId) {
        if (isParent(resourceId)) {
            return Optional.of(Map.of());
        }
        return Optional.ofNullable(accountsById.get(resourceId)).map(Account::tags);
    }

    String accountArn(String accountId) {
        return "arn:aws:organizations::" + managementAccountId() + ":account/" + id() + "/" + accountId;
    }

    String ouArn(String ouId) {
        return "arn:aws:organizations::" + managementAccountId() + ":ou/" + id() + "/" + ouId;
    }

    String rootArn() {
        return "arn:aws:organizations::" + managementAccountId() + ":root/" + id() + "/" + rootId();
    }

    /** The ARN of a root, OU or account id (by its shape; it need not exist). */
    String arnOf(String resourceId) {
        if (resourceId.startsWith("r-")) {
            return "arn:aws:organizations::" + managementAccountId() + ":root/" + id() + "/" + resourceId;
        }
        return resourceId.startsWith("ou-") ? ouArn(resourceId) : accountArn(resourceId);
    }

    Map<String, Object> organizationJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("Id", id());
        json.put("Arn", organization.arn());
        json.put("FeatureSet", "ALL");
        json.put("MasterAccountArn", accountArn(managementAccountId()));
        json.put("MasterAccountId", managementAccountId());
        json.put(
                "MasterAccountEmail",
                accountsById.get(managementAccountId()).json().get("Email"));
        // Deprecated, and empty, as AWS now answers (policy types are read from ListRoots).
        json.put("AvailablePolicyTypes", List.of());
        return json;
    }

    Map<String, Object> rootJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("Id", rootId());
        json.put("Arn", rootArn());
        json.put("Name", "Root");
        json.put("PolicyTypes", List.of());
        return json;
    }
}
