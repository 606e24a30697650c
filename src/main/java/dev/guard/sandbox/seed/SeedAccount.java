package dev.guard.sandbox.seed;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** One AWS account of the seeded world and everything in it, with its root user when the seed gives it keys. */
public record SeedAccount(
        String name,
        String id,
        List<SeedUser> users,
        List<SeedGroup> groups,
        List<SeedRole> roles,
        List<SeedInstance> instances,
        List<SeedTable> tables,
        List<SeedBucket> buckets,
        Optional<SeedRoot> root) {
    /** An account whose root user has no keys in the seed. */
    public SeedAccount(
            String name,
            String id,
            List<SeedUser> users,
            List<SeedGroup> groups,
            List<SeedRole> roles,
            List<SeedInstance> instances,
            List<SeedTable> tables,
            List<SeedBucket> buckets) {
        this(name, id, users, groups, roles, instances, tables, buckets, Optional.empty());
    }

    public SeedAccount {
        users = List.copyOf(users);
        groups = List.copyOf(groups);
        roles = List.copyOf(roles);
        instances = List.copyOf(instances);
        tables = List.copyOf(tables);
        buckets = List.copyOf(buckets);
    }

    public Optional<SeedUser> user(String userName) {
        return users.stream().filter(u -> u.name().equals(userName)).findFirst();
    }

    public Optional<SeedGroup> group(String groupName) {
        return groups.stream().filter(g -> g.name().equals(groupName)).findFirst();
    }

    public Optional<SeedRole> role(String roleName) {
        return roles.stream().filter(r -> r.name().equals(roleName)).findFirst();
    }

    public Optional<SeedInstance> instance(String instanceId) {
        return instances.stream().filter(i -> i.id().equals(instanceId)).findFirst();
    }

    public Optional<SeedTable> table(String tableName) {
        return tables.stream().filter(t -> t.name().equals(tableName)).findFirst();
    }

    public Optional<SeedBucket> bucket(String bucketName) {
        return buckets.stream().filter(b -> b.name().equals(bucketName)).findFirst();
    }

    /** A user's identity policies: its inline policies, then its groups' policies in group order. */
    public List<SeedPolicy> identityPolicies(SeedUser user) {
        List<SeedPolicy> out = new ArrayList<>(user.policies());
        for (String groupName : user.groups()) {
            group(groupName).ifPresent(g -> out.addAll(g.policies()));
        }
        return List.copyOf(out);
    }
}
