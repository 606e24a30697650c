package dev.guard.sandbox.seed;

import java.util.List;

/**
 * An IAM role: who may assume it ({@code trustPolicy}, a plain policy tree with {@code
 * Principal}), what it may do ({@code policies}), and how long its sessions may last.
 */
public record SeedRole(String name, Object trustPolicy, List<SeedPolicy> policies, int maxSessionDurationSeconds) {
    public SeedRole {
        policies = List.copyOf(policies);
    }

    public String arn(String accountId) {
        return "arn:aws:iam::" + accountId + ":role/" + name;
    }
}
