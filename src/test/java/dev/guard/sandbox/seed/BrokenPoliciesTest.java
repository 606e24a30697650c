package dev.guard.sandbox.seed;

import static dev.guard.sandbox.seed.BrokenResourcesTest.problems;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Policies must be AWS's JSON grammar, or the IAM evaluator would meet shapes it cannot read. */
class BrokenPoliciesTest {
    private static final String ACCOUNT = "apiVersion: guard/v1\nkind: SandboxSeed\naccounts:\n"
            + "  - name: development\n"
            + "    id: \"222222222222\"\n";

    @Test
    void conditionValuesAreStringsAsInAwsJson() {
        assertThat(problems(ACCOUNT
                        + "    roles:\n"
                        + "      - name: PrivilegedActionsRole\n"
                        + "        trustPolicy:\n"
                        + "          Version: \"2012-10-17\"\n"
                        + "          Statement:\n"
                        + "            - Effect: Allow\n"
                        + "              Principal: {AWS: \"arn:aws:iam::111111111111:root\"}\n"
                        + "              Action: sts:AssumeRole\n"
                        + "              Condition: {bool: {aws:MultiFactorAuthPresent: true}}\n"))
                .containsExactly(
                        "seed.yaml:14:27: accounts[0].roles[0].trustPolicy.Statement[0].Condition.bool: 'bool' is not a"
                                + " condition operator; did you mean 'Bool'?",
                        "seed.yaml:14:62: accounts[0].roles[0].trustPolicy.Statement[0].Condition.bool"
                                + ".aws:MultiFactorAuthPresent: expected a string, got true/false (quote it: \"true\")");
    }

    @Test
    void aTrustPolicyNamesAPrincipalAndAnIdentityPolicyNone() {
        assertThat(problems(ACCOUNT
                        + "    roles:\n"
                        + "      - name: PrivilegedActionsRole\n"
                        + "        trustPolicy:\n"
                        + "          Version: \"2012-10-17\"\n"
                        + "          Statement: {Effect: Allow, Action: sts:AssumeRole}\n"
                        + "        policies:\n"
                        + "          - name: Everything\n"
                        + "            document:\n"
                        + "              Version: \"2012-10-17\"\n"
                        + "              Statement:\n"
                        + "                - {Effect: Permit, Action: \"*\", Resource: \"*\", Principal: \"*\"}\n"
                        + "                - {Effect: Allow, Action: [terminate], NotAction: ec2:Describe*}\n"))
                .containsExactly(
                        "seed.yaml:10:22: accounts[0].roles[0].trustPolicy.Statement: missing Principal (or"
                                + " NotPrincipal)",
                        "seed.yaml:16:19: accounts[0].roles[0].policies[0].document.Statement[0]: an identity policy"
                                + " names no Principal (the policy applies to whoever it is attached to)",
                        "seed.yaml:16:28: accounts[0].roles[0].policies[0].document.Statement[0].Effect: expected Allow"
                                + " or Deny, got 'Permit'",
                        "seed.yaml:17:19: accounts[0].roles[0].policies[0].document.Statement[1]: missing Resource (or"
                                + " NotResource)",
                        "seed.yaml:17:44: accounts[0].roles[0].policies[0].document.Statement[1].Action[0]: 'terminate'"
                                + " is not an action (service:Action)",
                        "seed.yaml:17:56: accounts[0].roles[0].policies[0].document.Statement[1]: Action and NotAction"
                                + " exclude each other");
    }

    @Test
    void aBucketPolicyNeedsAPrincipalAResourceAndAKnownVersion() {
        assertThat(problems(ACCOUNT
                        + "    buckets:\n"
                        + "      - name: guard-protected-artifacts\n"
                        + "        policy:\n"
                        + "          Version: \"2020-01-01\"\n"
                        + "          Statement:\n"
                        + "            - {Effect: Allow, Principal: {User: alice}, Action: s3:GetObject,"
                        + " Resource: guard-protected-artifacts}\n"
                        + "            - {Effect: Allow, Action: s3:PutObject, Resource: \"*\"}\n"))
                .containsExactly(
                        "seed.yaml:9:20: accounts[0].buckets[0].policy.Version: expected \"2012-10-17\", got"
                                + " '2020-01-01'",
                        "seed.yaml:11:43: unknown key 'User' in accounts[0].buckets[0].policy.Statement[0].Principal"
                                + " (allowed: AWS, CanonicalUser, Federated, Service)",
                        "seed.yaml:11:89: accounts[0].buckets[0].policy.Statement[0].Resource:"
                                + " 'guard-protected-artifacts' is not an ARN or *",
                        "seed.yaml:12:15: accounts[0].buckets[0].policy.Statement[1]: missing Principal (or"
                                + " NotPrincipal)");
    }
}
