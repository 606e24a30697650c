package dev.guard.sandbox.iam;

import static dev.guard.sandbox.iam.IamFixtures.ALICE;
import static dev.guard.sandbox.iam.IamFixtures.EVALUATOR;
import static dev.guard.sandbox.iam.IamFixtures.anyRequest;
import static dev.guard.sandbox.iam.IamFixtures.policy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The policy grammar AWS enforces, and the normalised JSON the sandbox returns. */
class PolicyGrammarTest {

    @Test
    void aStatementMayBeASingleObjectOrAList() {
        PolicyDocument single = PolicyDocument.parseJson("""
                {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}}""");
        PolicyDocument list = PolicyDocument.parseJson("""
                {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}""");

        assertThat(single).isEqualTo(list);
        assertThat(single.statements()).hasSize(1);
    }

    @Test
    void aPlainTreeFromAYamlLoaderIsAcceptedWithNumbersAndBooleansAsText() {
        Map<String, Object> tree = Map.of(
                "Version",
                "2012-10-17",
                "Statement",
                List.of(Map.of(
                        "Effect",
                        "Allow",
                        "Action",
                        List.of("ec2:StopInstances"),
                        "Resource",
                        "*",
                        "Condition",
                        Map.of(
                                "Bool", Map.of("aws:MultiFactorAuthPresent", true),
                                "NumericLessThan", Map.of("aws:MultiFactorAuthAge", 3600)))));

        PolicyDocument document = PolicyDocument.parse(tree);

        assertThat(document.statements().get(0).conditions())
                .extracting(Condition::values)
                .containsExactlyInAnyOrder(List.of("true"), List.of("3600"));
    }

    @Test
    void aMissingVersionMeansTheOldGrammarWithoutPolicyVariables() {
        PolicyDocument document = PolicyDocument.parseJson("""
                {"Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}}""");

        assertThat(document.version()).isEqualTo("2008-10-17");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "'{\"Version\": \"2012-10-18\", \"Statement\": {\"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\"}}' | 2012-10-18",
                "'{\"Version\": \"2012-10-17\"}' | no Statement",
                "'{\"Version\": \"2012-10-17\", \"Statement\": []}' | Statement is empty",
                "'{\"Statement\": {\"Effect\": \"allow\", \"Action\": \"*\", \"Resource\": \"*\"}}' | Allow or Deny",
                "'{\"Statement\": {\"Action\": \"*\", \"Resource\": \"*\"}}' | no Effect",
                "'{\"Statement\": {\"Effect\": \"Allow\", \"Resource\": \"*\"}}' | neither Action nor NotAction",
                "'{\"Statement\": {\"Effect\": \"Allow\", \"Action\": \"*\", \"NotAction\": \"s3:*\", \"Resource\": \"*\"}}' | both Action and NotAction",
                "'{\"Statement\": {\"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\", \"NotResource\": \"*\"}}' | both Resource and NotResource",
                "'{\"Statement\": {\"Effect\": \"Allow\", \"Action\": \"PutObject\", \"Resource\": \"*\"}}' | 'PutObject'",
                "'{\"Statement\": {\"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"bucket/*\"}}' | must be an ARN",
                "'{\"Statement\": {\"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\", \"Actions\": \"*\"}}' | unknown element 'Actions'",
                "'{\"Statement\": {\"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\", \"Condition\": {\"StringEqualz\": {\"a:b\": \"c\"}}}}' | unknown condition operator 'StringEqualz'",
                "'{\"Statement\": {\"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\", \"Condition\": {\"ForSomeValues:StringEquals\": {\"a:b\": \"c\"}}}}' | 'ForSomeValues:StringEquals'",
                "'{\"Statement\": {\"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\", \"Condition\": {\"NullIfExists\": {\"a:b\": \"true\"}}}}' | NullIfExists",
                "'{\"Statement\": {\"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\", \"Condition\": {\"NumericLessThan\": {\"aws:MultiFactorAuthAge\": \"an hour\"}}}}' | 'an hour'",
                "'{\"Statement\": {\"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\", \"Condition\": {\"Bool\": {\"aws:MultiFactorAuthPresent\": \"yes\"}}}}' | 'yes'",
                "'{\"Statement\": [{\"Sid\": \"A\", \"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\"}, {\"Sid\": \"A\", \"Effect\": \"Deny\", \"Action\": \"*\", \"Resource\": \"*\"}]}' | Sid 'A'",
                "'{\"Statement\": {\"Effect\": \"Allow\", \"Principal\": {\"AWS\": \"alice\"}, \"Action\": \"*\"}}' | 'alice'",
                "'{\"Statement\": {\"Effect\": \"Allow\", \"Effect\": \"Deny\", \"Action\": \"*\", \"Resource\": \"*\"}}' | repeats the key 'Effect'",
                "'{\"Statement\": {\"Effect\": \"Allow\", \"Action\": \"*\", ' | not valid JSON",
            })
    void aPolicyAwsWouldRefuseIsRefusedWithAOneLineMessageNamingTheFault(String json, String expected) {
        assertThatThrownBy(() -> PolicyDocument.parseJson(json))
                .isInstanceOf(PolicyException.class)
                .hasMessageContaining(expected)
                .hasMessageNotContaining("\n");
    }

    @Test
    void anIdentityPolicyWithAPrincipalIsRefused() {
        NamedPolicy withPrincipal = policy("Operators", """
                {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}}""");

        assertThatThrownBy(() -> EVALUATOR.identity(List.of(withPrincipal), anyRequest()))
                .isInstanceOf(PolicyException.class)
                .hasMessageContaining("Operators")
                .hasMessageContaining("Principal");
    }

    @Test
    void anIdentityPolicyWithoutAResourceIsRefused() {
        NamedPolicy noResource = policy("Operators", """
                {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "*"}}""");

        assertThatThrownBy(() -> EVALUATOR.identity(List.of(noResource), anyRequest()))
                .isInstanceOf(PolicyException.class)
                .hasMessageContaining("neither Resource nor NotResource");
    }

    @Test
    void aResourcePolicyWithoutAPrincipalIsRefused() {
        NamedPolicy noPrincipal = policy("bucket-policy", """
                {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}}""");

        assertThatThrownBy(() -> EVALUATOR.resource(noPrincipal, anyRequest()))
                .isInstanceOf(PolicyException.class)
                .hasMessageContaining("neither Principal nor NotPrincipal");
    }

    @Test
    void normalisedJsonListsStatementsInAFixedOrderAndStoresAccountIdsAsRootArns() {
        PolicyDocument trust = PolicyDocument.parseJson("""
                {"Statement": {"Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}},
                  "Action": "sts:AssumeRole", "Principal": {"AWS": "111111111111"}, "Effect": "Allow"},
                 "Version": "2012-10-17"}""");

        assertThat(trust.json())
                .isEqualTo("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                        + "\"Principal\":{\"AWS\":\"arn:aws:iam::111111111111:root\"},\"Action\":\"sts:AssumeRole\","
                        + "\"Condition\":{\"Bool\":{\"aws:MultiFactorAuthPresent\":\"true\"}}}]}");
        assertThat(PolicyDocument.parseJson(trust.json())).isEqualTo(trust);
    }

    @Test
    void normalisedJsonKeepsSidsListsNegatedElementsAndEveryConditionBlock() {
        PolicyDocument document = PolicyDocument.parseJson("""
                {"Version": "2012-10-17", "Id": "guard", "Statement": [{"Sid": "NotIam", "Effect": "Deny",
                  "NotPrincipal": {"AWS": ["arn:aws:iam::111111111111:user/alice", "222222222222"]},
                  "NotAction": ["iam:*", "sts:*"], "NotResource": "arn:aws:s3:::guard-*",
                  "Condition": {"StringLike": {"aws:username": ["a*", "b*"]}, "Null": {"aws:SourceIdentity": "true"}}}]}""");

        PolicyDocument again = PolicyDocument.parseJson(document.json());

        assertThat(again).isEqualTo(document);
        assertThat(again.id()).isEqualTo(Optional.of("guard"));
        assertThat(again.statements().get(0).conditions()).hasSize(2);
        assertThat(document.json()).contains("\"NotAction\":[\"iam:*\",\"sts:*\"]");
    }

    @Test
    void decisionsNameAStatementWithoutSidByItsZeroBasedIndex() {
        NamedPolicy policy = policy("Operators", """
                {"Version": "2012-10-17", "Statement": [
                  {"Effect": "Allow", "Action": "ec2:*", "Resource": "*"},
                  {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}""");

        Decision decision = EVALUATOR.identity(List.of(policy), IamFixtures.request(ALICE, "s3:PutObject", "*"));

        assertThat(decision.decidingStatement()).contains("Operators#statement[1]");
    }
}
