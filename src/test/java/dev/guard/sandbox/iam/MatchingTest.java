package dev.guard.sandbox.iam;

import static dev.guard.sandbox.iam.IamFixtures.ALICE;
import static dev.guard.sandbox.iam.IamFixtures.EVALUATOR;
import static dev.guard.sandbox.iam.IamFixtures.IDENTITY_ROOT;
import static dev.guard.sandbox.iam.IamFixtures.ROLE_SESSION;
import static dev.guard.sandbox.iam.IamFixtures.STRANGER;
import static dev.guard.sandbox.iam.IamFixtures.policy;
import static dev.guard.sandbox.iam.IamFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which requests a statement's Action, Resource and Principal elements cover. */
class MatchingTest {

    @ParameterizedTest(name = "Action {0} covers {1}: {2}")
    @CsvSource({
        "s3:PutObject, s3:PutObject, true",
        "S3:putobject, s3:PutObject, true",
        "s3:*, s3:DeleteObject, true",
        "s3:*, s3express:CreateSession, false",
        "ec2:*Instances, ec2:StopInstances, true",
        "ec2:*Instances, ec2:StopInstance, false",
        "ec2:Stop?nstances, ec2:StopInstances, true",
        "*, dynamodb:DeleteTable, true",
    })
    void actionsMatchCaseInsensitivelyWithWildcards(String pattern, String action, boolean expected) {
        NamedPolicy allow = identity("\"Action\": \"" + pattern + "\", \"Resource\": \"*\"");

        assertThat(EVALUATOR
                        .identity(List.of(allow), request(ALICE, action, "*"))
                        .allowed())
                .isEqualTo(expected);
    }

    @Test
    void notActionCoversEveryActionButTheListedOnes() {
        NamedPolicy allExceptIam = identity("\"NotAction\": \"iam:*\", \"Resource\": \"*\"");

        assertThat(EVALUATOR
                        .identity(List.of(allExceptIam), request(ALICE, "s3:PutObject", "*"))
                        .allowed())
                .isTrue();
        assertThat(EVALUATOR
                        .identity(List.of(allExceptIam), request(ALICE, "iam:CreateUser", "*"))
                        .allowed())
                .isFalse();
    }

    @ParameterizedTest(name = "Resource {0} covers {1}: {2}")
    @CsvSource({
        "arn:aws:s3:::guard-protected-artifacts/*, arn:aws:s3:::guard-protected-artifacts/a/b.tar.gz, true",
        "arn:aws:s3:::guard-protected-artifacts/*, arn:aws:s3:::Guard-Protected-Artifacts/a, false",
        "arn:aws:s3:::guard-*, arn:aws:s3:::guard-protected-artifacts/key, true",
        "arn:aws:ec2:*:222222222222:instance/*, arn:aws:ec2:eu-west-1:222222222222:instance/i-0abc, true",
        "arn:aws:ec2:*:222222222222:instance/*, arn:aws:ec2:eu-west-1:333333333333:instance/i-0abc, false",
        "arn:aws:ec2:eu-west-?:*:instance/*, arn:aws:ec2:eu-west-1:222222222222:instance/i-0abc, true",
        "arn:aws:dynamodb:*:*:table/orders, arn:aws:dynamodb:eu-west-1:333333333333:table/orders-archive, false",
        "*, arn:aws:dynamodb:eu-west-1:333333333333:table/orders, true",
        "arn:aws:ec2:*:*:instance/*, *, false",
    })
    void resourcesMatchArnPatternsCaseSensitively(String pattern, String resource, boolean expected) {
        NamedPolicy allow = identity("\"Action\": \"*\", \"Resource\": \"" + pattern + "\"");

        assertThat(EVALUATOR
                        .identity(List.of(allow), request(ALICE, "s3:PutObject", resource))
                        .allowed())
                .isEqualTo(expected);
    }

    @Test
    void notResourceCoversEveryResourceButTheListedOnes() {
        NamedPolicy allExceptBucket = identity("\"Action\": \"s3:*\", \"NotResource\": \"arn:aws:s3:::guard-*\"");

        assertThat(EVALUATOR
                        .identity(List.of(allExceptBucket), request(ALICE, "s3:PutObject", "arn:aws:s3:::other/k"))
                        .allowed())
                .isTrue();
        assertThat(EVALUATOR
                        .identity(List.of(allExceptBucket), request(ALICE, "s3:PutObject", "arn:aws:s3:::guard-x/k"))
                        .allowed())
                .isFalse();
    }

    @ParameterizedTest(name = "Principal {0} covers {1}: {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "\"*\" | arn:aws:iam::111111111111:user/alice | true",
                "{\"AWS\": \"*\"} | arn:aws:iam::999999999999:user/mallory | true",
                "{\"AWS\": \"111111111111\"} | arn:aws:iam::111111111111:user/alice | true",
                "{\"AWS\": \"111111111111\"} | arn:aws:iam::111111111111:root | true",
                "{\"AWS\": \"arn:aws:iam::222222222222:root\"} | arn:aws:sts::222222222222:assumed-role/PrivilegedActionsRole/s | true",
                "{\"AWS\": \"111111111111\"} | arn:aws:iam::999999999999:user/mallory | false",
                "{\"AWS\": [\"999999999999\", \"arn:aws:iam::111111111111:user/alice\"]} | arn:aws:iam::111111111111:user/alice | true",
                "{\"AWS\": \"arn:aws:iam::111111111111:user/alice\"} | arn:aws:iam::111111111111:user/bob | false",
                "{\"AWS\": \"arn:aws:iam::222222222222:role/PrivilegedActionsRole\"} | arn:aws:sts::222222222222:assumed-role/PrivilegedActionsRole/s | true",
                "{\"AWS\": \"arn:aws:iam::222222222222:role/ops/PrivilegedActionsRole\"} | arn:aws:sts::222222222222:assumed-role/PrivilegedActionsRole/s | true",
                "{\"AWS\": \"arn:aws:iam::222222222222:role/OtherRole\"} | arn:aws:sts::222222222222:assumed-role/PrivilegedActionsRole/s | false",
                "{\"AWS\": \"arn:aws:sts::222222222222:assumed-role/PrivilegedActionsRole/s\"} | arn:aws:sts::222222222222:assumed-role/PrivilegedActionsRole/s | true",
                "{\"AWS\": \"arn:aws:sts::222222222222:assumed-role/PrivilegedActionsRole/s\"} | arn:aws:sts::222222222222:assumed-role/PrivilegedActionsRole/t | false",
                "{\"Service\": \"ec2.amazonaws.com\"} | arn:aws:iam::111111111111:user/alice | false",
            })
    void principalsMatchByArnRoleOrAccount(String principal, String callerArn, boolean expected) {
        NamedPolicy bucket = resourcePolicy("\"Principal\": " + principal);

        assertThat(EVALUATOR
                        .resource(bucket, request(Principal.fromArn(callerArn), "s3:GetObject", "*"))
                        .allowed())
                .isEqualTo(expected);
    }

    @Test
    void anAnonymousCallerMatchesOnlyTheWildcardPrincipal() {
        RequestContext anonymous = request(Principal.anonymous(), "s3:GetObject", "*");

        assertThat(EVALUATOR
                        .resource(resourcePolicy("\"Principal\": \"*\""), anonymous)
                        .allowed())
                .isTrue();
        assertThat(EVALUATOR
                        .resource(resourcePolicy("\"Principal\": {\"AWS\": \"111111111111\"}"), anonymous)
                        .allowed())
                .isFalse();
    }

    @Test
    void notPrincipalCoversEveryoneButTheListedPrincipals() {
        NamedPolicy allButAlice =
                resourcePolicy("\"NotPrincipal\": {\"AWS\": \"arn:aws:iam::111111111111:user/alice\"}");

        assertThat(EVALUATOR
                        .resource(allButAlice, request(ALICE, "s3:GetObject", "*"))
                        .allowed())
                .isFalse();
        assertThat(EVALUATOR
                        .resource(allButAlice, request(STRANGER, "s3:GetObject", "*"))
                        .allowed())
                .isTrue();
        assertThat(EVALUATOR
                        .resource(allButAlice, request(ROLE_SESSION, "s3:GetObject", "*"))
                        .allowed())
                .isTrue();
    }

    @Test
    void principalArnsParseIntoKindAndAccount() {
        assertThat(ROLE_SESSION.kind()).isEqualTo(Principal.Kind.ASSUMED_ROLE);
        assertThat(ROLE_SESSION.accountId()).isEqualTo("222222222222");
        assertThat(ROLE_SESSION.roleName()).contains("PrivilegedActionsRole");
        assertThat(IDENTITY_ROOT.kind()).isEqualTo(Principal.Kind.ROOT);
        assertThat(Principal.fromArn("arn:aws:sts::111111111111:federated-user/ci")
                        .kind())
                .isEqualTo(Principal.Kind.FEDERATED_USER);
        assertThat(ALICE.kind()).isEqualTo(Principal.Kind.USER);
    }

    private static NamedPolicy identity(String elements) {
        return policy(
                "identity", "{\"Version\": \"2012-10-17\", \"Statement\": {\"Effect\": \"Allow\", " + elements + "}}");
    }

    private static NamedPolicy resourcePolicy(String principal) {
        return policy(
                "bucket-policy",
                "{\"Version\": \"2012-10-17\", \"Statement\": {\"Effect\": \"Allow\", " + principal
                        + ", \"Action\": \"s3:GetObject\", \"Resource\": \"*\"}}");
    }
}
