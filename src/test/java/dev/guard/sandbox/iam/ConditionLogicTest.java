package dev.guard.sandbox.iam;

import static dev.guard.sandbox.iam.IamFixtures.ALICE;
import static dev.guard.sandbox.iam.IamFixtures.BOB;
import static dev.guard.sandbox.iam.IamFixtures.EVALUATOR;
import static dev.guard.sandbox.iam.IamFixtures.anyRequest;
import static dev.guard.sandbox.iam.IamFixtures.conditionHolds;
import static dev.guard.sandbox.iam.IamFixtures.policy;
import static dev.guard.sandbox.iam.IamFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How conditions combine: keys AND, values OR (negated: NOR), set qualifiers, names, variables. */
class ConditionLogicTest {
    private static final String TAGS = "aws:TagKeys";

    @Test
    void severalKeysUnderOneOperatorMustAllHold() {
        String condition =
                "{\"StringEquals\": {\"aws:username\": \"alice\", \"aws:PrincipalAccount\": \"111111111111\"}}";
        RequestContext alice = anyRequest().withKey("aws:username", "alice");

        assertThat(conditionHolds(condition, alice)).isFalse();
        assertThat(conditionHolds(condition, alice.withKey("aws:PrincipalAccount", "111111111111")))
                .isTrue();
    }

    @Test
    void severalOperatorsMustAllHold() {
        String condition =
                "{\"Bool\": {\"aws:SecureTransport\": \"true\"}, \"StringEquals\": {\"aws:username\": \"alice\"}}";
        RequestContext secure = anyRequest().withKey("aws:SecureTransport", "true");

        assertThat(conditionHolds(condition, secure.withKey("aws:username", "bob")))
                .isFalse();
        assertThat(conditionHolds(condition, secure.withKey("aws:username", "alice")))
                .isTrue();
    }

    @Test
    void severalValuesForOneKeyAreAlternatives() {
        String condition = "{\"StringEquals\": {\"aws:username\": [\"alice\", \"sofia\"]}}";

        assertThat(conditionHolds(condition, anyRequest().withKey("aws:username", "sofia")))
                .isTrue();
        assertThat(conditionHolds(condition, anyRequest().withKey("aws:username", "bob")))
                .isFalse();
    }

    @Test
    void aNegatedOperatorWithSeveralValuesHoldsOnlyWhenNoneMatches() {
        String condition = "{\"StringNotEquals\": {\"aws:username\": [\"alice\", \"sofia\"]}}";

        assertThat(conditionHolds(condition, anyRequest().withKey("aws:username", "sofia")))
                .isFalse();
        assertThat(conditionHolds(condition, anyRequest().withKey("aws:username", "bob")))
                .isTrue();
    }

    @Test
    void forAnyValueNeedsOneRequestValueToMatch() {
        String condition = "{\"ForAnyValue:StringEquals\": {\"aws:TagKeys\": \"env\"}}";

        assertThat(conditionHolds(condition, anyRequest().withKey(TAGS, "team", "env")))
                .isTrue();
        assertThat(conditionHolds(condition, anyRequest().withKey(TAGS, "team")))
                .isFalse();
        assertThat(conditionHolds(condition, anyRequest())).isFalse();
    }

    @Test
    void forAllValuesNeedsEveryRequestValueToMatchAndHoldsForAnAbsentKey() {
        String condition = "{\"ForAllValues:StringLike\": {\"aws:TagKeys\": [\"env\", \"guard:*\"]}}";

        assertThat(conditionHolds(condition, anyRequest().withKey(TAGS, "env", "guard:protected")))
                .isTrue();
        assertThat(conditionHolds(condition, anyRequest().withKey(TAGS, "env", "team")))
                .isFalse();
        assertThat(conditionHolds(condition, anyRequest())).isTrue();
    }

    @Test
    void setQualifiersApplyNegatedOperatorsValueByValue() {
        String anyNot = "{\"ForAnyValue:StringNotEquals\": {\"aws:TagKeys\": \"env\"}}";
        String allNot = "{\"ForAllValues:StringNotEquals\": {\"aws:TagKeys\": \"env\"}}";
        RequestContext envAndTeam = anyRequest().withKey(TAGS, "env", "team");

        assertThat(conditionHolds(anyNot, envAndTeam)).isTrue();
        assertThat(conditionHolds(allNot, envAndTeam)).isFalse();
        assertThat(conditionHolds(allNot, anyRequest().withKey(TAGS, "team"))).isTrue();
    }

    @Test
    void aPlainNegatedOperatorOnAMultiValuedKeyHoldsOnlyWhenNoValueMatches() {
        String condition = "{\"StringNotEquals\": {\"aws:TagKeys\": \"env\"}}";

        assertThat(conditionHolds(condition, anyRequest().withKey(TAGS, "env", "team")))
                .isFalse();
        assertThat(conditionHolds(condition, anyRequest().withKey(TAGS, "team", "owner")))
                .isTrue();
    }

    @Test
    void conditionKeyNamesAreCaseInsensitiveButValuesAreNot() {
        String condition = "{\"StringEquals\": {\"AWS:USERNAME\": \"alice\"}}";

        assertThat(conditionHolds(condition, anyRequest().withKey("aws:username", "alice")))
                .isTrue();
        assertThat(conditionHolds(condition, anyRequest().withKey("aws:username", "Alice")))
                .isFalse();
    }

    @Test
    void policyVariablesResolveInResourcesAndConditionValues() {
        NamedPolicy ownKeys = policy("own-keys", """
                {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "iam:CreateAccessKey",
                 "Resource": "arn:aws:iam::111111111111:user/${aws:username}",
                 "Condition": {"StringEquals": {"aws:PrincipalArn": "arn:aws:iam::111111111111:user/${aws:username}"}}}}""");
        RequestContext alice = request(ALICE, "iam:CreateAccessKey", "arn:aws:iam::111111111111:user/alice")
                .withKey("aws:username", "alice")
                .withKey("aws:PrincipalArn", ALICE.arn());
        RequestContext aliceOnBob = alice.forAction("iam:CreateAccessKey", BOB.arn());

        assertThat(EVALUATOR.identity(List.of(ownKeys), alice).allowed()).isTrue();
        assertThat(EVALUATOR.identity(List.of(ownKeys), aliceOnBob).allowed()).isFalse();
    }

    @Test
    void aPolicyVariableWithAnAbsentKeyMatchesNothingUnlessItHasADefault() {
        String resource = "arn:aws:s3:::home/${aws:username}/*";
        String withDefault = "arn:aws:s3:::home/${aws:username, 'nobody'}/*";
        RequestContext nobody = request(ALICE, "s3:GetObject", "arn:aws:s3:::home/nobody/notes");

        assertThat(EVALUATOR
                        .identity(List.of(allowOn(resource, "2012-10-17")), nobody)
                        .allowed())
                .isFalse();
        assertThat(EVALUATOR
                        .identity(List.of(allowOn(withDefault, "2012-10-17")), nobody)
                        .allowed())
                .isTrue();
    }

    @Test
    void policiesOfVersion2008TakeVariablesLiterally() {
        String resource = "arn:aws:s3:::home/${aws:username}/*";
        RequestContext literal = request(ALICE, "s3:GetObject", "arn:aws:s3:::home/${aws:username}/notes")
                .withKey("aws:username", "alice");

        assertThat(EVALUATOR
                        .identity(List.of(allowOn(resource, "2008-10-17")), literal)
                        .allowed())
                .isTrue();
    }

    private static NamedPolicy allowOn(String resource, String version) {
        return policy("home", """
                {"Version": "%s", "Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "%s"}}""".formatted(version, resource));
    }
}
