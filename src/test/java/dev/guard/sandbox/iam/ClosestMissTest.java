package dev.guard.sandbox.iam;

import static dev.guard.sandbox.iam.IamFixtures.ALICE;
import static dev.guard.sandbox.iam.IamFixtures.DEVELOPMENT;
import static dev.guard.sandbox.iam.IamFixtures.EVALUATOR;
import static dev.guard.sandbox.iam.IamFixtures.IDENTITY;
import static dev.guard.sandbox.iam.IamFixtures.PRIVILEGED_ROLE;
import static dev.guard.sandbox.iam.IamFixtures.SOFIA;
import static dev.guard.sandbox.iam.IamFixtures.policy;
import static dev.guard.sandbox.iam.IamFixtures.request;
import static dev.guard.sandbox.iam.IamFixtures.withMfa;
import static dev.guard.sandbox.iam.IamFixtures.withoutMfa;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What a decision says for the journal: the kind of policy that decided, and for an implicit deny
 * the statement that came closest (matched action and resource, failed only a condition) with the
 * condition it failed — the policy's values and what the request carried.
 */
class ClosestMissTest {
    private static final NamedPolicy TRUST = policy("Role-trust", """
            {"Version": "2012-10-17", "Statement": {"Sid": "WithMfa", "Effect": "Allow",
             "Principal": {"AWS": "arn:aws:iam::111111111111:root"}, "Action": "sts:AssumeRole",
             "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}}""");
    private static final NamedPolicy ASSUME = policy("Assume", """
            {"Version": "2012-10-17", "Statement": {"Sid": "Any", "Effect": "Allow", "Action": "sts:AssumeRole",
             "Resource": "*"}}""");
    private static final NamedPolicy STOP_YOUNG_MFA = policy("Ops", """
            {"Version": "2012-10-17", "Statement": [
              {"Sid": "Describe", "Effect": "Allow", "Action": "ec2:Describe*", "Resource": "*"},
              {"Sid": "StopWithFreshMfa", "Effect": "Allow", "Action": "ec2:StopInstances", "Resource": "*",
               "Condition": {"NumericLessThan": {"aws:MultiFactorAuthAge": ["300", "600"]}}}]}""");
    private static final NamedPolicy BUCKET = policy("bucket", """
            {"Version": "2012-10-17", "Statement": {"Sid": "OwnPrefixWithMfa", "Effect": "Allow",
             "Principal": {"AWS": "arn:aws:iam::111111111111:root"}, "Action": "s3:PutObject",
             "Resource": "arn:aws:s3:::b/*", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}}""");
    private static final String INSTANCE = "arn:aws:ec2:us-east-1:111111111111:instance/i-1";

    @Test
    void aTrustRefusalNamesTheTrustStatementAndTheAbsentMfaKey() {
        Decision d = EVALUATOR.assumeRole(
                TRUST, List.of(ASSUME), DEVELOPMENT, request(ALICE, "sts:AssumeRole", PRIVILEGED_ROLE));

        assertThat(d.outcome()).isEqualTo(Decision.Outcome.IMPLICIT_DENY);
        assertThat(d.kind()).isEqualTo(Decision.PolicyKind.TRUST);
        assertThat(d.decidingStatement()).isEmpty();
        assertThat(d.closestMiss()).contains("Role-trust#WithMfa");
        assertThat(d.failedCondition())
                .contains(new FailedCondition("Bool", "aws:MultiFactorAuthPresent", List.of("true"), List.of()));
    }

    @Test
    void aTrustAllowIsATrustPolicysDecision() {
        Decision d = EVALUATOR.assumeRole(
                TRUST, List.of(ASSUME), DEVELOPMENT, withMfa(request(ALICE, "sts:AssumeRole", PRIVILEGED_ROLE), 5));

        assertThat(d.allowed()).isTrue();
        assertThat(d.kind()).isEqualTo(Decision.PolicyKind.TRUST);
        assertThat(d.closestMiss()).isEmpty();
    }

    @Test
    void aFailedConditionCarriesThePolicysValuesAndTheRequests() {
        RequestContext stop = withMfa(request(SOFIA, "ec2:StopInstances", INSTANCE), 3600);

        Decision d = EVALUATOR.identity(List.of(STOP_YOUNG_MFA), stop);

        assertThat(d.kind()).isEqualTo(Decision.PolicyKind.IDENTITY);
        assertThat(d.closestMiss()).contains("Ops#StopWithFreshMfa");
        FailedCondition failed = d.failedCondition().orElseThrow();
        assertThat(failed.operator()).isEqualTo("NumericLessThan");
        assertThat(failed.key()).isEqualTo("aws:MultiFactorAuthAge");
        assertThat(failed.expected()).containsExactly("300", "600");
        assertThat(failed.actual()).containsExactly("3600");
        assertThat(failed.describe()).isEqualTo("NumericLessThan aws:MultiFactorAuthAge=[300, 600] (request: 3600)");
    }

    @Test
    void aDenyWithNoStatementForTheActionHasNoClosestMiss() {
        Decision d = EVALUATOR.identity(List.of(STOP_YOUNG_MFA), request(SOFIA, "ec2:TerminateInstances", INSTANCE));

        assertThat(d.outcome()).isEqualTo(Decision.Outcome.IMPLICIT_DENY);
        assertThat(d.closestMiss()).isEmpty();
        assertThat(d.failedCondition()).isEmpty();
    }

    @Test
    void inOneAccountTheBucketPolicysMissIsClosestWhenTheIdentityPoliciesHaveNone() {
        RequestContext put = withoutMfa(request(ALICE, "s3:PutObject", "arn:aws:s3:::b/k"));

        Decision d = EVALUATOR.authorize(List.of(), Optional.of(BUCKET), IDENTITY, put);

        assertThat(d.outcome()).isEqualTo(Decision.Outcome.IMPLICIT_DENY);
        assertThat(d.kind()).isEqualTo(Decision.PolicyKind.RESOURCE);
        assertThat(d.closestMiss()).contains("bucket#OwnPrefixWithMfa");
        assertThat(d.failedCondition().orElseThrow().actual()).containsExactly("false");
    }

    @Test
    void anExplicitDenyNamesItsStatementAndNoMiss() {
        NamedPolicy deny = policy("Guardrail", """
                {"Version": "2012-10-17", "Statement": {"Sid": "NoStops", "Effect": "Deny",
                 "Action": "ec2:StopInstances", "Resource": "*"}}""");

        Decision d = EVALUATOR.identity(List.of(STOP_YOUNG_MFA, deny), request(SOFIA, "ec2:StopInstances", INSTANCE));

        assertThat(d.outcome()).isEqualTo(Decision.Outcome.EXPLICIT_DENY);
        assertThat(d.decidingStatement()).contains("Guardrail#NoStops");
        assertThat(d.closestMiss()).isEmpty();
    }
}
