package dev.guard.sandbox.seed;

import java.util.List;
import java.util.Optional;

/**
 * The sandbox's seeded world (DESIGN.md §5): accounts with their users, groups, roles,
 * instances, tables and buckets, the fault-injection rules, and the AWS Organizations structure
 * the accounts belong to (none: Organizations answers AWSOrganizationsNotInUseException). Immutable;
 * the sandbox copies what it mutates. The loader guarantees unique account ids and names, user names, access key
 * ids, MFA serials, instance ids and bucket names across the world.
 */
public record SeedWorld(List<SeedAccount> accounts, Faults faults, Optional<SeedOrganization> organization) {
    public SeedWorld {
        accounts = List.copyOf(accounts);
    }

    /** A world without an organization. */
    public SeedWorld(List<SeedAccount> accounts, Faults faults) {
        this(accounts, faults, Optional.empty());
    }

    /** This world with other fault rules. */
    public SeedWorld withFaults(Faults other) {
        return new SeedWorld(accounts, other, organization);
    }

    public Optional<SeedAccount> accountById(String id) {
        return accounts.stream().filter(a -> a.id().equals(id)).findFirst();
    }

    public Optional<SeedAccount> accountByName(String name) {
        return accounts.stream().filter(a -> a.name().equals(name)).findFirst();
    }

    /** An account by name or by id. */
    public Optional<SeedAccount> account(String nameOrId) {
        return accountByName(nameOrId).or(() -> accountById(nameOrId));
    }

    public Optional<SeedUser> userByName(String name) {
        return users().filter(u -> u.name().equals(name)).findFirst();
    }

    public Optional<SeedUser> userByAccessKeyId(String accessKeyId) {
        return users().filter(u -> u.accessKeyId().equals(accessKeyId)).findFirst();
    }

    public Optional<SeedMfaDevice> mfaDevice(String serial) {
        return userByMfaSerial(serial).flatMap(SeedUser::mfaDevice);
    }

    /** The user owning the MFA device {@code serial}. */
    public Optional<SeedUser> userByMfaSerial(String serial) {
        return users().filter(
                        u -> u.mfaDevice().map(d -> d.serial().equals(serial)).orElse(false))
                .findFirst();
    }

    /** The account a user belongs to. */
    public Optional<SeedAccount> accountOf(SeedUser user) {
        return accounts.stream().filter(a -> a.users().contains(user)).findFirst();
    }

    /** The account holding a bucket (bucket names are global, as in S3). */
    public Optional<SeedAccount> accountOfBucket(String bucketName) {
        return accounts.stream().filter(a -> a.bucket(bucketName).isPresent()).findFirst();
    }

    /** The account holding an instance (instance ids are unique across the world). */
    public Optional<SeedAccount> accountOfInstance(String instanceId) {
        return accounts.stream().filter(a -> a.instance(instanceId).isPresent()).findFirst();
    }

    private java.util.stream.Stream<SeedUser> users() {
        return accounts.stream().flatMap(a -> a.users().stream());
    }
}
