package dev.guard.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TrustPoliciesTest {
    private static String policy(String statement) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[" + statement + "]}";
    }

    private static final String PRINCIPAL = "\"Principal\":{\"AWS\":\"arn:aws:iam::111111111111:root\"}";

    @Test
    void boolMultiFactorAuthPresentRequiresMfa() {
        assertThat(TrustPolicies.statementsWithoutMfa(policy("{\"Effect\":\"Allow\"," + PRINCIPAL
                        + ",\"Action\":\"sts:AssumeRole\",\"Condition\":{\"Bool\":{\"aws:MultiFactorAuthPresent\":"
                        + "\"true\"}}}")))
                .isEmpty();
    }

    @Test
    void boolIfExistsDoesNotBecauseLongTermKeysLackTheKey() {
        assertThat(TrustPolicies.statementsWithoutMfa(policy("{\"Effect\":\"Allow\"," + PRINCIPAL
                        + ",\"Action\":\"sts:AssumeRole\",\"Condition\":{\"BoolIfExists\":"
                        + "{\"aws:MultiFactorAuthPresent\":\"true\"}}}")))
                .singleElement()
                .asString()
                .contains("111111111111");
    }

    @Test
    void aBoundedMfaAgeRequiresMfa() {
        assertThat(TrustPolicies.statementsWithoutMfa(policy("{\"Effect\":\"Allow\"," + PRINCIPAL
                        + ",\"Action\":[\"sts:TagSession\",\"sts:AssumeRole\"],\"Condition\":{\"NumericLessThan\":"
                        + "{\"aws:MultiFactorAuthAge\":\"3600\"}}}")))
                .isEmpty();
    }

    @Test
    void noConditionLeavesTheRoleOpenButDenyAndOtherActionsDoNotCount() {
        String open = "{\"Effect\":\"Allow\"," + PRINCIPAL + ",\"Action\":\"sts:*\"}";
        String deny = "{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"sts:AssumeRole\"}";
        String other = "{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"sts:TagSession\"}";
        assertThat(TrustPolicies.statementsWithoutMfa(policy(open + "," + deny + "," + other)))
                .hasSize(1);
    }

    @Test
    void aSingleStatementObjectIsReadToo() {
        assertThat(TrustPolicies.statementsWithoutMfa(
                        "{\"Statement\":{\"Effect\":\"Allow\"," + PRINCIPAL + ",\"Action\":\"sts:AssumeRole\"}}"))
                .hasSize(1);
    }

    @Test
    void notJsonIsRefused() {
        assertThatThrownBy(() -> TrustPolicies.statementsWithoutMfa("{not json"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void allowsReadsActionWildcardsButNotDenies() {
        String wildcard =
                policy("{\"Effect\":\"Allow\"," + PRINCIPAL + ",\"Action\":[\"sts:AssumeRole\",\"sts:Set*\"]}");
        assertThat(TrustPolicies.allows(wildcard, "sts:SetSourceIdentity")).isTrue();
        String deny = policy("{\"Effect\":\"Deny\"," + PRINCIPAL + ",\"Action\":\"sts:SetSourceIdentity\"}");
        assertThat(TrustPolicies.allows(deny, "sts:SetSourceIdentity")).isFalse();
        String other = policy("{\"Effect\":\"Allow\"," + PRINCIPAL + ",\"Action\":\"sts:AssumeRole\"}");
        assertThat(TrustPolicies.allows(other, "sts:SetSourceIdentity")).isFalse();
    }
}
