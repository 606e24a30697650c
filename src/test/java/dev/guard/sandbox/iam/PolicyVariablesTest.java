package dev.guard.sandbox.iam;

import static dev.guard.sandbox.iam.IamFixtures.ALICE;
import static dev.guard.sandbox.iam.IamFixtures.EVALUATOR;
import static dev.guard.sandbox.iam.IamFixtures.IDENTITY;
import static dev.guard.sandbox.iam.IamFixtures.STAGING;
import static dev.guard.sandbox.iam.IamFixtures.policy;
import static dev.guard.sandbox.iam.IamFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * ${aws:username}, ${aws:userid} and ${aws:PrincipalAccount} in identity and resource policies,
 * and what a variable without a value does. AWS's rule (IAM User Guide, "Policy variables with no
 * value"): a Resource or NotResource entry holding a variable with no value matches no resource;
 * StringEquals/StringLike against it do not match, StringNotEquals/StringNotLike do.
 */
class PolicyVariablesTest {
    private static final String ALICE_ID = "AIDASANDBOXALICE00000";
    private static final Principal SESSION =
            Principal.fromArn("arn:aws:sts::333333333333:assumed-role/GuardRunnerRole/nightly");
    private static final String SESSION_ID = "AROASANDBOXRUNNER0000:nightly";

    /** The keys ConditionKeys gives an IAM user's request. */
    private static RequestContext asAlice(String action, String resource) {
        return request(ALICE, action, resource)
                .withKey("aws:username", "alice")
                .withKey("aws:userid", ALICE_ID)
                .withKey("aws:PrincipalAccount", IDENTITY);
    }

    /** A role session: aws:userid is ROLEID:session, and there is no aws:username at all. */
    private static RequestContext asSession(String action, String resource) {
        return request(SESSION, action, resource)
                .withKey("aws:userid", SESSION_ID)
                .withKey("aws:PrincipalAccount", STAGING);
    }

    @Test
    void userIdSelectsAUsersOwnPrefixByUniqueId() {
        NamedPolicy home = policy("home", """
                {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:PutObject",
                 "Resource": "arn:aws:s3:::home/${aws:userid}/*"}}""");

        assertThat(EVALUATOR
                        .identity(List.of(home), asAlice("s3:PutObject", "arn:aws:s3:::home/" + ALICE_ID + "/a"))
                        .allowed())
                .isTrue();
        assertThat(EVALUATOR
                        .identity(List.of(home), asAlice("s3:PutObject", "arn:aws:s3:::home/alice/a"))
                        .allowed())
                .isFalse();
        // A role session's id carries its session name: the variable resolves to ROLEID:session.
        assertThat(EVALUATOR
                        .identity(List.of(home), asSession("s3:PutObject", "arn:aws:s3:::home/" + SESSION_ID + "/a"))
                        .allowed())
                .isTrue();
    }

    @Test
    void userIdIsAConditionKeyTooWithRoleSessionsMatchedByTheirRoleId() {
        String anySessionOfTheRunner = "{\"StringLike\": {\"aws:userid\": \"AROASANDBOXRUNNER0000:*\"}}";

        assertThat(IamFixtures.conditionHolds(anySessionOfTheRunner, asSession("s3:GetObject", "arn:aws:s3:::b/k")))
                .isTrue();
        assertThat(IamFixtures.conditionHolds(anySessionOfTheRunner, asAlice("s3:GetObject", "arn:aws:s3:::b/k")))
                .isFalse();
        assertThat(IamFixtures.conditionHolds(
                        "{\"StringEquals\": {\"aws:userid\": \"" + ALICE_ID + "\"}}",
                        asAlice("s3:GetObject", "arn:aws:s3:::b/k")))
                .isTrue();
    }

    @Test
    void principalAccountResolvesInAnIdentityPolicysResource() {
        NamedPolicy ownAccountTables = policy("own-tables", """
                {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "dynamodb:GetItem",
                 "Resource": "arn:aws:dynamodb:us-east-1:${aws:PrincipalAccount}:table/*"}}""");

        assertThat(EVALUATOR
                        .identity(
                                List.of(ownAccountTables),
                                asSession("dynamodb:GetItem", "arn:aws:dynamodb:us-east-1:333333333333:table/t"))
                        .allowed())
                .isTrue();
        assertThat(EVALUATOR
                        .identity(
                                List.of(ownAccountTables),
                                asSession("dynamodb:GetItem", "arn:aws:dynamodb:us-east-1:444444444444:table/t"))
                        .allowed())
                .isFalse();
    }

    @Test
    void variablesResolveInAResourcePolicysResourceAndConditionValues() {
        NamedPolicy bucket = policy("drop-box", """
                {"Version": "2012-10-17", "Statement": {"Sid": "OwnFolder", "Effect": "Allow",
                 "Principal": {"AWS": "arn:aws:iam::111111111111:user/alice"}, "Action": "s3:PutObject",
                 "Resource": "arn:aws:s3:::drop-box/${aws:PrincipalAccount}/${aws:username}/*",
                 "Condition": {"StringEquals": {"aws:PrincipalArn": "arn:aws:iam::${aws:PrincipalAccount}:user/${aws:username}"}}}}""");
        RequestContext own = asAlice("s3:PutObject", "arn:aws:s3:::drop-box/111111111111/alice/x")
                .withKey("aws:PrincipalArn", ALICE.arn());

        assertThat(EVALUATOR.resource(bucket, own).allowed()).isTrue();
        assertThat(EVALUATOR
                        .resource(bucket, own.forAction("s3:PutObject", "arn:aws:s3:::drop-box/111111111111/bob/x"))
                        .allowed())
                .isFalse();
        // Same principal, but its PrincipalArn does not match the resolved condition value.
        assertThat(EVALUATOR
                        .resource(bucket, own.withKey("aws:PrincipalArn", "arn:aws:iam::111111111111:user/bob"))
                        .allowed())
                .isFalse();
    }

    @Test
    void aNotResourceWithAnUnresolvableVariableCoversEveryResource() {
        // "the resource that includes a policy variable with no value will not match any resource":
        // so nothing is excluded from the NotResource, and the Deny applies to every key.
        NamedPolicy bucket = policy("approvals", """
                {"Version": "2012-10-17", "Statement": [
                  {"Sid": "OutsideOwnPrefix", "Effect": "Deny", "Principal": "*", "Action": "s3:PutObject",
                   "NotResource": "arn:aws:s3:::approvals/${aws:username}/*"},
                  {"Sid": "Everyone", "Effect": "Allow", "Principal": "*", "Action": "s3:PutObject",
                   "Resource": "arn:aws:s3:::approvals/*"}]}""");

        Decision user = EVALUATOR.resource(bucket, asAlice("s3:PutObject", "arn:aws:s3:::approvals/alice/x"));
        Decision session = EVALUATOR.resource(bucket, asSession("s3:PutObject", "arn:aws:s3:::approvals/alice/x"));
        Decision sessionOwn = EVALUATOR.resource(bucket, asSession("s3:PutObject", "arn:aws:s3:::approvals/nightly/x"));

        assertThat(user.allowed()).isTrue();
        assertThat(session.outcome()).isEqualTo(Decision.Outcome.EXPLICIT_DENY);
        assertThat(session.decidingStatement()).contains("approvals#OutsideOwnPrefix");
        assertThat(sessionOwn.outcome()).isEqualTo(Decision.Outcome.EXPLICIT_DENY);
    }

    @Test
    void aResourceWithAnUnresolvableVariableMatchesNothingEvenAWildcardKey() {
        NamedPolicy home = policy("home", """
                {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:PutObject",
                 "Resource": "arn:aws:s3:::home/${aws:username}*"}}""");

        // Were the variable replaced by "", home/* would match home/anything.
        assertThat(EVALUATOR
                        .identity(List.of(home), asSession("s3:PutObject", "arn:aws:s3:::home/anything"))
                        .allowed())
                .isFalse();
    }

    @Test
    void anUnresolvableVariableFailsStringEqualsAndSatisfiesStringNotEquals() {
        RequestContext session = asSession("s3:GetObject", "arn:aws:s3:::b/k").withKey("aws:PrincipalTag/team", "web");
        String equals = "{\"StringEquals\": {\"aws:PrincipalTag/team\": \"${aws:username}\"}}";
        String notEquals = "{\"StringNotEquals\": {\"aws:PrincipalTag/team\": \"${aws:username}\"}}";

        assertThat(IamFixtures.conditionHolds(equals, session)).isFalse();
        assertThat(IamFixtures.conditionHolds(notEquals, session)).isTrue();
    }

    @Test
    void theSeedsApprovalsBucketPolicyParsesWithItsVariables() {
        // The exact template of config/sandbox.yaml, evaluated on its own (the IT runs it on the wire).
        NamedPolicy bucket = new NamedPolicy(
                "guard-approvals",
                PolicyDocument.parse(dev.guard.sandbox.seed.SeedLoader.bundled()
                        .accountByName("identity")
                        .orElseThrow()
                        .bucket("guard-approvals")
                        .orElseThrow()
                        .policy()
                        .orElseThrow()));
        RequestContext own = IamFixtures.withMfa(
                asAlice("s3:PutObject", "arn:aws:s3:::guard-approvals/approvals/alice/abc.json"), 12);

        assertThat(EVALUATOR.resource(bucket, own).allowed()).isTrue();
        assertThat(EVALUATOR
                        .resource(
                                bucket,
                                own.forAction("s3:PutObject", "arn:aws:s3:::guard-approvals/approvals/carol/a.json"))
                        .decidingStatement())
                .contains("guard-approvals#DenyApprovalWritesOutsideOwnPrefix");
        assertThat(EVALUATOR
                        .resource(bucket, own.withKey("aws:MultiFactorAuthAge", "300"))
                        .decidingStatement())
                .contains("guard-approvals#DenyApprovalWritesWithStaleMfa");
        assertThat(EVALUATOR
                        .resource(
                                bucket, asAlice("s3:PutObject", "arn:aws:s3:::guard-approvals/approvals/alice/a.json"))
                        .decidingStatement())
                .contains("guard-approvals#DenyApprovalWritesWithoutMfa");
        assertThat(Optional.of(EVALUATOR
                        .resource(
                                bucket, asAlice("s3:GetObject", "arn:aws:s3:::guard-approvals/approvals/carol/a.json"))
                        .allowed()))
                .contains(true);
    }
}
