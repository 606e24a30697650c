package dev.guard.sandbox.iam;

import static dev.guard.sandbox.iam.IamFixtures.ALICE;
import static dev.guard.sandbox.iam.IamFixtures.ARTIFACT;
import static dev.guard.sandbox.iam.IamFixtures.BOB;
import static dev.guard.sandbox.iam.IamFixtures.DEVELOPMENT;
import static dev.guard.sandbox.iam.IamFixtures.EVALUATOR;
import static dev.guard.sandbox.iam.IamFixtures.IDENTITY;
import static dev.guard.sandbox.iam.IamFixtures.PRIVILEGED_ROLE;
import static dev.guard.sandbox.iam.IamFixtures.PRODUCTION;
import static dev.guard.sandbox.iam.IamFixtures.ROLE_SESSION;
import static dev.guard.sandbox.iam.IamFixtures.SOFIA;
import static dev.guard.sandbox.iam.IamFixtures.policy;
import static dev.guard.sandbox.iam.IamFixtures.request;
import static dev.guard.sandbox.iam.IamFixtures.withMfa;
import static dev.guard.sandbox.iam.IamFixtures.withoutMfa;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The seeded world's MFA scenarios (DESIGN.md §1 and §5), as the IAM guide's chapter states them. */
class MfaProtectedAccessTest {
    private static final NamedPolicy TRUST = policy("PrivilegedActionsRole-trust", """
            {"Version": "2012-10-17", "Statement": {"Sid": "OperatorsWithMfa", "Effect": "Allow",
             "Principal": {"AWS": "arn:aws:iam::111111111111:root"}, "Action": "sts:AssumeRole",
             "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}}""");
    private static final NamedPolicy OPERATORS = policy("Operators", """
            {"Version": "2012-10-17", "Statement": [
              {"Sid": "AssumePrivileged", "Effect": "Allow", "Action": "sts:AssumeRole",
               "Resource": "arn:aws:iam::*:role/PrivilegedActionsRole"},
              {"Sid": "Artifacts", "Effect": "Allow", "Action": ["s3:PutObject", "s3:DeleteObject"],
               "Resource": "arn:aws:s3:::guard-protected-artifacts/*"}]}""");
    private static final NamedPolicy BUCKET = policy("guard-protected-artifacts", """
            {"Version": "2012-10-17", "Statement": [{"Sid": "TrustedAccountsWithMfa", "Effect": "Allow",
              "Principal": {"AWS": ["111111111111", "222222222222", "333333333333"]},
              "Action": ["s3:PutObject", "s3:DeleteObject"], "Resource": ["arn:aws:s3:::guard-protected-artifacts/*"],
              "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}]}""");
    private static final NamedPolicy EC2_ADMINS = policy("EC2-Admins", """
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
              "Action": ["ec2:StopInstances", "ec2:TerminateInstances"], "Resource": ["*"],
              "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}]}""");
    private static final String SOFIAS_INSTANCE = "arn:aws:ec2:eu-west-1:111111111111:instance/i-0sofia";

    @Test
    void theRoleTrustPolicyLetsAliceAssumeThePrivilegedRoleWithMfa() {
        RequestContext assume = request(ALICE, "sts:AssumeRole", PRIVILEGED_ROLE);

        Decision decision = EVALUATOR.assumeRole(TRUST, List.of(OPERATORS), DEVELOPMENT, withMfa(assume, 5));

        assertThat(decision.allowed()).isTrue();
        assertThat(decision.decidingStatement()).contains("PrivilegedActionsRole-trust#OperatorsWithMfa");
    }

    @Test
    void theRoleTrustPolicyRefusesAliceWithoutMfaWhetherHerKeysAreLongTermOrTemporary() {
        RequestContext longTermKeys = request(ALICE, "sts:AssumeRole", PRIVILEGED_ROLE);

        assertThat(EVALUATOR
                        .assumeRole(TRUST, List.of(OPERATORS), DEVELOPMENT, longTermKeys)
                        .outcome())
                .isEqualTo(Decision.Outcome.IMPLICIT_DENY);
        assertThat(EVALUATOR
                        .assumeRole(TRUST, List.of(OPERATORS), DEVELOPMENT, withoutMfa(longTermKeys))
                        .allowed())
                .isFalse();
    }

    @Test
    void theRoleTrustPolicyStillNeedsTheCallersOwnPermissionAcrossAccounts() {
        RequestContext bobWithMfa = withMfa(request(BOB, "sts:AssumeRole", PRIVILEGED_ROLE), 5);

        assertThat(EVALUATOR
                        .assumeRole(TRUST, List.of(), DEVELOPMENT, bobWithMfa)
                        .allowed())
                .isFalse();
    }

    @Test
    void assumeRoleCredentialsAreRefusedByAnMfaBucketPolicy() {
        // Credentials from AssumeRole carry no MFA context, even if MFA was used to assume the role.
        NamedPolicy rolePermissions = policy("PrivilegedActions", """
                {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}}""");
        RequestContext put = withoutMfa(request(ROLE_SESSION, "s3:PutObject", ARTIFACT));

        Decision decision = EVALUATOR.authorize(List.of(rolePermissions), Optional.of(BUCKET), PRODUCTION, put);

        assertThat(decision.outcome()).isEqualTo(Decision.Outcome.IMPLICIT_DENY);
        assertThat(decision.explanation()).contains("aws:MultiFactorAuthPresent");
    }

    @Test
    void getSessionTokenWithMfaCredentialsAreAllowedByTheBucketPolicyWhenTheIdentityPolicyAllowsToo() {
        RequestContext put = withMfa(request(ALICE, "s3:PutObject", ARTIFACT), 60);

        assertThat(EVALUATOR
                        .authorize(List.of(OPERATORS), Optional.of(BUCKET), PRODUCTION, put)
                        .allowed())
                .isTrue();
        assertThat(EVALUATOR
                        .authorize(List.of(), Optional.of(BUCKET), PRODUCTION, put)
                        .allowed())
                .isFalse();
    }

    @Test
    void longTermKeysAreRefusedByTheBucketPolicyBecauseTheyCarryNoMfaKey() {
        RequestContext delete = request(ALICE, "s3:DeleteObject", ARTIFACT);

        assertThat(EVALUATOR
                        .authorize(List.of(OPERATORS), Optional.of(BUCKET), PRODUCTION, delete)
                        .allowed())
                .isFalse();
    }

    @Test
    void sofiaMayStopAndTerminateHerInstancesOnlyWithAnMfaSession() {
        RequestContext terminate = request(SOFIA, "ec2:TerminateInstances", SOFIAS_INSTANCE);

        assertThat(EVALUATOR
                        .authorize(List.of(EC2_ADMINS), Optional.empty(), IDENTITY, terminate)
                        .allowed())
                .isFalse();
        assertThat(EVALUATOR
                        .authorize(List.of(EC2_ADMINS), Optional.empty(), IDENTITY, withoutMfa(terminate))
                        .allowed())
                .isFalse();
        assertThat(EVALUATOR
                        .authorize(List.of(EC2_ADMINS), Optional.empty(), IDENTITY, withMfa(terminate, 30))
                        .allowed())
                .isTrue();
    }

    @Test
    void aDenyForFalseMfaMissesLongTermKeysWhileBoolIfExistsCatchesThem() {
        // The IAM guide's point: the key is absent for long-term keys, so Bool "false" does not match.
        RequestContext stop = request(SOFIA, "ec2:StopInstances", SOFIAS_INSTANCE);
        NamedPolicy allowAll = policy("AllowEc2", """
                {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "ec2:*", "Resource": "*"}}""");

        assertThat(EVALUATOR
                        .identity(List.of(allowAll, denyWithoutMfa("Bool")), stop)
                        .allowed())
                .isTrue();
        assertThat(EVALUATOR
                        .identity(List.of(allowAll, denyWithoutMfa("BoolIfExists")), stop)
                        .outcome())
                .isEqualTo(Decision.Outcome.EXPLICIT_DENY);
        assertThat(EVALUATOR
                        .identity(List.of(allowAll, denyWithoutMfa("BoolIfExists")), withMfa(stop, 5))
                        .allowed())
                .isTrue();
    }

    @Test
    void aMaximumMfaAgeRefusesATwoHourOldMfaSession() {
        NamedPolicy recentMfa = policy("RecentMfa", """
                {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "ec2:TerminateInstances", "Resource": "*",
                 "Condition": {"NumericLessThan": {"aws:MultiFactorAuthAge": "3600"}}}}""");
        RequestContext terminate = request(SOFIA, "ec2:TerminateInstances", SOFIAS_INSTANCE);

        assertThat(EVALUATOR
                        .identity(List.of(recentMfa), withMfa(terminate, 7200))
                        .allowed())
                .isFalse();
        assertThat(EVALUATOR
                        .identity(List.of(recentMfa), withMfa(terminate, 600))
                        .allowed())
                .isTrue();
        assertThat(EVALUATOR.identity(List.of(recentMfa), terminate).allowed()).isFalse();
    }

    @Test
    void anExplicitDenyInTheBucketPolicyBeatsAllowsInBothPolicies() {
        NamedPolicy guarded = policy("guard-protected-artifacts", """
                {"Version": "2012-10-17", "Statement": [
                  {"Sid": "TrustedAccountsWithMfa", "Effect": "Allow", "Principal": {"AWS": "111111111111"},
                   "Action": "s3:*", "Resource": "arn:aws:s3:::guard-protected-artifacts/*"},
                  {"Sid": "NoDeletes", "Effect": "Deny", "Principal": "*", "Action": "s3:DeleteObject",
                   "Resource": "arn:aws:s3:::guard-protected-artifacts/*"}]}""");
        RequestContext delete = withMfa(request(ALICE, "s3:DeleteObject", ARTIFACT), 5);

        Decision decision = EVALUATOR.authorize(List.of(OPERATORS), Optional.of(guarded), PRODUCTION, delete);

        assertThat(decision.outcome()).isEqualTo(Decision.Outcome.EXPLICIT_DENY);
        assertThat(decision.decidingStatement()).contains("guard-protected-artifacts#NoDeletes");
    }

    @Test
    void anExplicitDenyInTheIdentityPolicyBeatsTheBucketPolicysAllow() {
        NamedPolicy noDeletes = policy("NoDeletes", """
                {"Version": "2012-10-17", "Statement": {"Effect": "Deny", "Action": "s3:DeleteObject", "Resource": "*"}}""");
        RequestContext delete = withMfa(request(ALICE, "s3:DeleteObject", ARTIFACT), 5);

        Decision decision = EVALUATOR.authorize(List.of(OPERATORS, noDeletes), Optional.of(BUCKET), PRODUCTION, delete);

        assertThat(decision.outcome()).isEqualTo(Decision.Outcome.EXPLICIT_DENY);
        assertThat(decision.decidingStatement()).contains("NoDeletes#statement[0]");
    }

    private static NamedPolicy denyWithoutMfa(String operator) {
        return policy("DenyWithoutMfa", """
                {"Version": "2012-10-17", "Statement": {"Effect": "Deny", "Action": "ec2:StopInstances", "Resource": "*",
                 "Condition": {"%s": {"aws:MultiFactorAuthPresent": "false"}}}}""".formatted(operator));
    }
}
