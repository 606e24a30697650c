package dev.guard.sandbox.iam;

import static dev.guard.sandbox.iam.IamFixtures.DEVELOPMENT;
import static dev.guard.sandbox.iam.IamFixtures.EVALUATOR;
import static dev.guard.sandbox.iam.IamFixtures.ROLE_SESSION;
import static dev.guard.sandbox.iam.IamFixtures.policy;
import static dev.guard.sandbox.iam.IamFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Session policies as AWS's "Session policies" section has them: a role session may do what both
 * its role's identity-based policies and its session policies allow; an explicit Deny in either
 * denies; a resource-based policy naming the session's own ARN grants past the session policies,
 * one naming the role does not.
 */
class SessionPolicyEvaluationTest {
    private static final String INSTANCE = "arn:aws:ec2:us-east-1:222222222222:instance/i-0a22222222222222a";
    private static final String OBJECT = "arn:aws:s3:::dev-bucket/report.csv";

    private static final NamedPolicy ROLE_EC2 = policy("PrivilegedActions", """
            {"Version": "2012-10-17", "Statement": {"Sid": "Instances", "Effect": "Allow",
             "Action": ["ec2:Describe*", "ec2:TerminateInstances"], "Resource": "*"}}""");

    /** What guard exec --read-only sends: allow everything the role allows, deny all but reading. */
    private static final NamedPolicy READ_ONLY = policy("session-policy", """
            {"Version": "2012-10-17", "Statement": [
              {"Sid": "AllowWhatTheRoleAllows", "Effect": "Allow", "Action": "*", "Resource": "*"},
              {"Sid": "DenyAllButReading", "Effect": "Deny",
               "NotAction": ["ec2:Describe*", "s3:Get*", "s3:List*", "dynamodb:Describe*"], "Resource": "*"}]}""");

    private static final NamedPolicy ONLY_DESCRIBE = policy("session-policy", """
            {"Version": "2012-10-17", "Statement": {"Sid": "Describe", "Effect": "Allow",
             "Action": "ec2:Describe*", "Resource": "*"}}""");

    private static final NamedPolicy ALLOW_ALL = policy("session-policy", """
            {"Version": "2012-10-17", "Statement": {"Sid": "Everything", "Effect": "Allow",
             "Action": "*", "Resource": "*"}}""");

    private static Decision ec2(String action, List<NamedPolicy> session) {
        return EVALUATOR.identity(List.of(ROLE_EC2), session, request(ROLE_SESSION, action, INSTANCE));
    }

    @Test
    void withoutSessionPoliciesTheRoleDecidesAlone() {
        assertThat(ec2("ec2:TerminateInstances", List.of()).allowed()).isTrue();
    }

    @Test
    void bothMustAllow() {
        assertThat(ec2("ec2:DescribeInstances", List.of(ONLY_DESCRIBE)).allowed())
                .isTrue();
        Decision terminate = ec2("ec2:TerminateInstances", List.of(ONLY_DESCRIBE));
        assertThat(terminate.outcome()).isEqualTo(Decision.Outcome.IMPLICIT_DENY);
        assertThat(terminate.deniedBySessionPolicy()).isTrue();
        assertThat(terminate.awsReason("ec2:TerminateInstances"))
                .isEqualTo("because no session policy allows the ec2:TerminateInstances action");
        assertThat(terminate.explanation()).contains("no statement in the session policies allows");
    }

    @Test
    void aSessionPolicyAllowingEverythingGrantsNothingTheRoleDoesNot() {
        Decision run = ec2("ec2:RunInstances", List.of(ALLOW_ALL));
        assertThat(run.allowed()).isFalse();
        assertThat(run.kind()).isEqualTo(Decision.PolicyKind.IDENTITY);
        assertThat(run.awsReason("ec2:RunInstances"))
                .isEqualTo("because no identity-based policy allows the ec2:RunInstances action");
    }

    @Test
    void theReadOnlyNotActionPolicyLetsReadsThroughAndDeniesChanges() {
        assertThat(ec2("ec2:DescribeInstances", List.of(READ_ONLY)).allowed()).isTrue();
        Decision terminate = ec2("ec2:TerminateInstances", List.of(READ_ONLY));
        assertThat(terminate.outcome()).isEqualTo(Decision.Outcome.EXPLICIT_DENY);
        assertThat(terminate.decidingStatement()).contains("session-policy#DenyAllButReading");
        assertThat(terminate.awsReason("ec2:TerminateInstances"))
                .isEqualTo("with an explicit deny in a session policy");
    }

    @Test
    void anExplicitDenyInTheRolesPoliciesStillWins() {
        NamedPolicy roleDenies = policy("Guardrail", """
                {"Version": "2012-10-17", "Statement": {"Sid": "NoTerminate", "Effect": "Deny",
                 "Action": "ec2:TerminateInstances", "Resource": "*"}}""");
        Decision d = EVALUATOR.identity(
                List.of(ROLE_EC2, roleDenies),
                List.of(ALLOW_ALL),
                request(ROLE_SESSION, "ec2:TerminateInstances", INSTANCE));
        assertThat(d.outcome()).isEqualTo(Decision.Outcome.EXPLICIT_DENY);
        assertThat(d.kind()).isEqualTo(Decision.PolicyKind.IDENTITY);
        assertThat(d.decidingStatement()).contains("Guardrail#NoTerminate");
    }

    private static NamedPolicy bucketPolicyNaming(String principalArn) {
        return policy("bucket-policy", """
                {"Version": "2012-10-17", "Statement": {"Sid": "Named", "Effect": "Allow",
                 "Principal": {"AWS": "%s"}, "Action": "s3:GetObject", "Resource": "%s"}}""".formatted(principalArn, OBJECT));
    }

    private static Decision getObject(NamedPolicy bucketPolicy, List<NamedPolicy> session) {
        return EVALUATOR.authorize(
                List.of(ROLE_EC2),
                session,
                Optional.of(bucketPolicy),
                DEVELOPMENT,
                request(ROLE_SESSION, "s3:GetObject", OBJECT));
    }

    @Test
    void aBucketPolicyNamingTheSessionGrantsPastTheSessionPolicies() {
        Decision d = getObject(bucketPolicyNaming(ROLE_SESSION.arn()), List.of(ONLY_DESCRIBE));
        assertThat(d.allowed()).isTrue();
        assertThat(d.decidingStatement()).contains("bucket-policy#Named");
    }

    @Test
    void aBucketPolicyNamingTheRoleIsLimitedByTheSessionPolicies() {
        NamedPolicy namesRole = bucketPolicyNaming("arn:aws:iam::222222222222:role/PrivilegedActionsRole");
        assertThat(getObject(namesRole, List.of()).allowed()).isTrue();
        Decision d = getObject(namesRole, List.of(ONLY_DESCRIBE));
        assertThat(d.allowed()).isFalse();
        assertThat(d.deniedBySessionPolicy()).isTrue();
        assertThat(d.explanation()).contains("names the role, not the session");
        assertThat(getObject(namesRole, List.of(READ_ONLY)).allowed()).isTrue();
    }

    @Test
    void anExplicitDenyInTheSessionPolicyBeatsABucketPolicyNamingTheSession() {
        NamedPolicy denyReads = policy("session-policy", """
                {"Version": "2012-10-17", "Statement": {"Sid": "NoReads", "Effect": "Deny",
                 "Action": "s3:GetObject", "Resource": "*"}}""");
        Decision d = getObject(bucketPolicyNaming(ROLE_SESSION.arn()), List.of(denyReads));
        assertThat(d.outcome()).isEqualTo(Decision.Outcome.EXPLICIT_DENY);
        assertThat(d.decidingStatement()).contains("session-policy#NoReads");
    }

    @Test
    void aChainedAssumeRoleIsMadeWithTheSessionsOwnPermissions() {
        String target = "arn:aws:iam::222222222222:role/Other";
        NamedPolicy trustAccount = policy("trust-policy", """
                {"Version": "2012-10-17", "Statement": {"Effect": "Allow",
                 "Principal": {"AWS": "arn:aws:iam::222222222222:root"}, "Action": "sts:AssumeRole"}}""");
        NamedPolicy roleMayAssume = policy("AssumeOther", """
                {"Version": "2012-10-17", "Statement": {"Sid": "Assume", "Effect": "Allow",
                 "Action": "sts:AssumeRole", "Resource": "*"}}""");
        var ctx = request(ROLE_SESSION, "sts:AssumeRole", target);
        assertThat(EVALUATOR
                        .assumeRole(trustAccount, List.of(roleMayAssume), List.of(), DEVELOPMENT, ctx)
                        .allowed())
                .isTrue();
        Decision d =
                EVALUATOR.assumeRole(trustAccount, List.of(roleMayAssume), List.of(ONLY_DESCRIBE), DEVELOPMENT, ctx);
        assertThat(d.allowed()).isFalse();
        assertThat(d.deniedBySessionPolicy()).isTrue();
    }
}
