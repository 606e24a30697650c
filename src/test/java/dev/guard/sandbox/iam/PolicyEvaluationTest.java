package dev.guard.sandbox.iam;

import static dev.guard.sandbox.iam.IamFixtures.ALICE;
import static dev.guard.sandbox.iam.IamFixtures.BOB;
import static dev.guard.sandbox.iam.IamFixtures.EVALUATOR;
import static dev.guard.sandbox.iam.IamFixtures.IDENTITY;
import static dev.guard.sandbox.iam.IamFixtures.PRODUCTION;
import static dev.guard.sandbox.iam.IamFixtures.policy;
import static dev.guard.sandbox.iam.IamFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How allows and denies combine across statements, policies, accounts and AssumeRole. */
class PolicyEvaluationTest {
    private static final String OWN_BUCKET_OBJECT = "arn:aws:s3:::alice-notes/todo.txt";
    private static final String ROLE = "arn:aws:iam::111111111111:role/Maintenance";
    private static final NamedPolicy ALLOW_S3 = policy("AllowS3", """
            {"Version": "2012-10-17", "Statement": {"Sid": "S3", "Effect": "Allow", "Action": "s3:*", "Resource": "*"}}""");
    private static final NamedPolicy DENY_DELETE = policy("DenyDelete", """
            {"Version": "2012-10-17", "Statement": {"Sid": "NoDelete", "Effect": "Deny", "Action": "s3:Delete*", "Resource": "*"}}""");
    private static final NamedPolicy ALLOW_ASSUME = policy("AllowAssume", """
            {"Version": "2012-10-17", "Statement": {"Sid": "Assume", "Effect": "Allow", "Action": "sts:AssumeRole",
             "Resource": "arn:aws:iam::*:role/*"}}""");

    @Test
    void anExplicitDenyInAnyPolicyBeatsAnAllowInAnother() {
        Decision decision = EVALUATOR.identity(
                List.of(ALLOW_S3, DENY_DELETE), request(ALICE, "s3:DeleteObject", OWN_BUCKET_OBJECT));

        assertThat(decision.outcome()).isEqualTo(Decision.Outcome.EXPLICIT_DENY);
        assertThat(decision.decidingStatement()).contains("DenyDelete#NoDelete");
        assertThat(decision.explanation()).contains("explicitly denied by DenyDelete#NoDelete");
    }

    @Test
    void anAllowDecidesWhenNoDenyApplies() {
        Decision decision =
                EVALUATOR.identity(List.of(ALLOW_S3, DENY_DELETE), request(ALICE, "s3:PutObject", OWN_BUCKET_OBJECT));

        assertThat(decision.outcome()).isEqualTo(Decision.Outcome.ALLOW);
        assertThat(decision.decidingStatement()).contains("AllowS3#S3");
    }

    @Test
    void noMatchingStatementIsAnImplicitDenyWithoutADecidingStatement() {
        Decision decision = EVALUATOR.identity(List.of(ALLOW_S3), request(ALICE, "ec2:TerminateInstances", "*"));

        assertThat(decision.outcome()).isEqualTo(Decision.Outcome.IMPLICIT_DENY);
        assertThat(decision.decidingStatement()).isEmpty();
        assertThat(decision.explanation()).contains("ec2:TerminateInstances").doesNotContain("\n");
    }

    @Test
    void anImplicitDenyExplainsTheConditionThatFailed() {
        NamedPolicy mfaOnly = policy("EC2-Admins", """
                {"Version": "2012-10-17", "Statement": {"Sid": "StopWithMfa", "Effect": "Allow", "Action": "ec2:StopInstances",
                 "Resource": "*", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}}""");

        Decision decision = EVALUATOR.identity(List.of(mfaOnly), request(ALICE, "ec2:StopInstances", "*"));

        assertThat(decision.explanation())
                .contains("EC2-Admins#StopWithMfa")
                .contains("aws:MultiFactorAuthPresent")
                .contains("absent");
    }

    @Test
    void inTheSameAccountAnIdentityPolicyAloneAllows() {
        Decision decision = EVALUATOR.authorize(
                List.of(ALLOW_S3), Optional.empty(), IDENTITY, request(ALICE, "s3:PutObject", OWN_BUCKET_OBJECT));

        assertThat(decision.allowed()).isTrue();
    }

    @Test
    void inTheSameAccountAResourcePolicyNamingTheCallerAloneAllows() {
        NamedPolicy bucket = bucketPolicy("\"arn:aws:iam::111111111111:user/alice\"", "Allow");

        Decision decision = EVALUATOR.authorize(
                List.of(), Optional.of(bucket), IDENTITY, request(ALICE, "s3:PutObject", OWN_BUCKET_OBJECT));

        assertThat(decision.allowed()).isTrue();
        assertThat(decision.decidingStatement()).contains("bucket-policy#Bucket");
    }

    @Test
    void inTheSameAccountAResourcePolicyNamingOnlyTheAccountLeavesTheGrantToIdentityPolicies() {
        NamedPolicy bucket = bucketPolicy("\"111111111111\"", "Allow");
        RequestContext put = request(ALICE, "s3:PutObject", OWN_BUCKET_OBJECT);

        Decision without = EVALUATOR.authorize(List.of(), Optional.of(bucket), IDENTITY, put);
        Decision with = EVALUATOR.authorize(List.of(ALLOW_S3), Optional.of(bucket), IDENTITY, put);

        assertThat(without.outcome()).isEqualTo(Decision.Outcome.IMPLICIT_DENY);
        assertThat(without.explanation()).contains("trusts only the caller's account");
        assertThat(with.allowed()).isTrue();
    }

    @Test
    void acrossAccountsBothIdentityAndResourcePoliciesMustAllow() {
        NamedPolicy bucket = bucketPolicy("\"arn:aws:iam::111111111111:user/alice\"", "Allow");
        RequestContext put = request(ALICE, "s3:PutObject", OWN_BUCKET_OBJECT);

        assertThat(EVALUATOR
                        .authorize(List.of(), Optional.of(bucket), PRODUCTION, put)
                        .allowed())
                .isFalse();
        assertThat(EVALUATOR
                        .authorize(List.of(ALLOW_S3), Optional.empty(), PRODUCTION, put)
                        .allowed())
                .isFalse();
        Decision both = EVALUATOR.authorize(List.of(ALLOW_S3), Optional.of(bucket), PRODUCTION, put);
        assertThat(both.allowed()).isTrue();
        assertThat(both.explanation()).contains("AllowS3#S3").contains("bucket-policy#Bucket");
    }

    @Test
    void anExplicitDenyInTheResourcePolicyBeatsAnIdentityAllowInTheSameAccount() {
        NamedPolicy bucket = bucketPolicy("\"*\"", "Deny");

        Decision decision = EVALUATOR.authorize(
                List.of(ALLOW_S3), Optional.of(bucket), IDENTITY, request(ALICE, "s3:PutObject", OWN_BUCKET_OBJECT));

        assertThat(decision.outcome()).isEqualTo(Decision.Outcome.EXPLICIT_DENY);
        assertThat(decision.decidingStatement()).contains("bucket-policy#Bucket");
    }

    @Test
    void aTrustPolicyNamingTheCallerInTheSameAccountSufficesForAssumeRole() {
        NamedPolicy trust = trustPolicy("\"arn:aws:iam::111111111111:user/alice\"");

        Decision decision = EVALUATOR.assumeRole(trust, List.of(), IDENTITY, request(ALICE, "sts:AssumeRole", ROLE));

        assertThat(decision.allowed()).isTrue();
    }

    @Test
    void aTrustPolicyNamingTheAccountRootStillNeedsTheCallersIdentityPolicy() {
        NamedPolicy trust = trustPolicy("\"arn:aws:iam::111111111111:root\"");
        RequestContext assume = request(ALICE, "sts:AssumeRole", ROLE);

        Decision without = EVALUATOR.assumeRole(trust, List.of(), IDENTITY, assume);
        Decision with = EVALUATOR.assumeRole(trust, List.of(ALLOW_ASSUME), IDENTITY, assume);

        assertThat(without.outcome()).isEqualTo(Decision.Outcome.IMPLICIT_DENY);
        assertThat(with.allowed()).isTrue();
    }

    @Test
    void aTrustPolicyThatDoesNotNameTheCallerRefusesAssumeRoleWhateverItsIdentityPolicySays() {
        NamedPolicy trust = trustPolicy("\"arn:aws:iam::111111111111:user/alice\"");

        Decision decision =
                EVALUATOR.assumeRole(trust, List.of(ALLOW_ASSUME), IDENTITY, request(BOB, "sts:AssumeRole", ROLE));

        assertThat(decision.outcome()).isEqualTo(Decision.Outcome.IMPLICIT_DENY);
        assertThat(decision.explanation()).contains("Trust");
    }

    @Test
    void anIdentityDenyBeatsATrustPolicyThatNamesTheCaller() {
        NamedPolicy trust = trustPolicy("\"arn:aws:iam::111111111111:user/alice\"");
        NamedPolicy denyAssume = policy("NoRoles", """
                {"Version": "2012-10-17", "Statement": {"Effect": "Deny", "Action": "sts:*", "Resource": "*"}}""");

        Decision decision =
                EVALUATOR.assumeRole(trust, List.of(denyAssume), IDENTITY, request(ALICE, "sts:AssumeRole", ROLE));

        assertThat(decision.outcome()).isEqualTo(Decision.Outcome.EXPLICIT_DENY);
        assertThat(decision.decidingStatement()).contains("NoRoles#statement[0]");
    }

    private static NamedPolicy bucketPolicy(String principal, String effect) {
        return policy("bucket-policy", """
                {"Version": "2012-10-17", "Statement": {"Sid": "Bucket", "Effect": "%s", "Principal": {"AWS": %s},
                 "Action": "s3:PutObject", "Resource": "arn:aws:s3:::alice-notes/*"}}""".formatted(effect, principal));
    }

    private static NamedPolicy trustPolicy(String principal) {
        return policy("Trust", """
                {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Principal": {"AWS": %s}, "Action": "sts:AssumeRole"}}""".formatted(principal));
    }
}
