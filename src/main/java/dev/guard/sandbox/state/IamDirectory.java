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
