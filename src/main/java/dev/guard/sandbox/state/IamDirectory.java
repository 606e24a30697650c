package dev.guard.sandbox.state;

import dev.guard.sandbox.iam.NamedPolicy;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The IAM users and roles of every sandbox account, by ARN. */
public final class IamDirectory {
    /** A role: its trust policy, its permission policies and its longest session. */
    public record Role(
            String arn,
            String name,
            String accountId,
            NamedPolicy trustPolicy,
            List<NamedPolicy> policies,
            int maxSessionDurationSeconds,
            String roleId) {}

    /**
     * A user and the policies that apply to them: their own, then their groups' ({@code
     * groupPolicies} names the latter, for reports that say where a statement came from).
     */
    public record User(
            String arn,
            String name,
            String accountId,
            List<NamedPolicy> policies,
            String userId,
            Set<String> groupPolicies) {
        public User {
            policies = List.copyOf(policies);
            groupPolicies = Set.copyOf(groupPolicies);
        }
    }

    private final Map<String, Role> roles = new ConcurrentHashMap<>();
    private final Map<String, User> users = new ConcurrentHashMap<>();

    public void add(Role role) {
        roles.put(role.arn(), role);
    }

    public void add(User user) {
        users.put(user.arn(), user);
    }

    public Optional<Role> role(String arn) {
        return Optional.ofNullable(roles.get(arn));
    }

    public Optional<User> user(String arn) {
        return Optional.ofNullable(users.get(arn));
    }

    /**
     * The managed policy an ARN names, for AssumeRole's PolicyArns: an AWS managed policy the
     * sandbox models ({@code arn:aws:iam::aws:policy/ReadOnlyAccess}, {@code AdministratorAccess}),
     * or {@code arn:aws:iam::ACCOUNT:policy/NAME}, which names the seed's policy NAME attached to a
     * user, group or role of ACCOUNT (the seed's named policies stand for customer managed ones).
     */
    public Optional<NamedPolicy> managedPolicy(String arn) {
        Optional<NamedPolicy> aws = AwsManagedPolicies.byArn(arn);
        if (aws.isPresent()) {
            return aws;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("arn:aws:iam::(\\d{12}):policy/(?:[^/]+/)*([^/]+)")
                .matcher(arn);
        if (!m.matches()) {
            return Optional.empty();
        }
        String account = m.group(1);
        String name = m.group(2);
        return java.util.stream.Stream.concat(
                        roles.values().stream()
                                .filter(r -> r.accountId().equals(account))
                                .flatMap(r -> r.policies().stream()),
                        users.values().stream()
                                .filter(u -> u.accountId().equals(account))
                                .flatMap(u -> u.policies().stream()))
                .filter(p -> p.name().equals(name))
                .findFirst();
    }

    public Optional<User> userNamed(String accountId, String name) {
        return user("arn:aws:iam::" + accountId + ":user/" + name);
    }

    /**
     * A user's or role's unique id in AWS's shape (AIDA... for users, AROA... for roles: 21
     * upper-case characters), derived from its ARN so it is the same on every start.
     */
    public static String uniqueId(String prefix, String arn) {
        String hex = Integer.toHexString(arn.hashCode()).toUpperCase(java.util.Locale.ROOT);
        return (prefix + "SANDBOX" + hex + "0000000000000000").substring(0, 21);
    }
}
