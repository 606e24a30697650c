package dev.guard.sandbox.sts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.guard.sandbox.server.AwsError;
import dev.guard.sandbox.state.IamDirectory;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** AssumeRole's Policy and PolicyArns parameters, checked before anything is evaluated or issued. */
class SessionPoliciesTest {
    private static final String ALLOW = """
            {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "ec2:Describe*", "Resource": "*"}}""";

    private static SessionPolicies.Given read(Map<String, String> params) {
        return SessionPolicies.read(params, "222222222222", new IamDirectory());
    }

    private static AwsError refused(Map<String, String> params) {
        return catchThrowableOfType(AwsError.class, () -> read(params));
    }

    @Test
    void noParametersMeanNoSessionPoliciesAndNoPackedSize() {
        assertThat(read(Map.of())).isEqualTo(SessionPolicies.Given.none());
    }

    @Test
    void anInlinePolicyIsNamedSessionPolicyAndMeasured() {
        var given = read(Map.of("Policy", ALLOW));
        assertThat(given.policies()).extracting(p -> p.name()).containsExactly("session-policy");
        assertThat(given.packedPolicySize())
                .hasValueSatisfying(p -> assertThat(p).isBetween(1, 10));
    }

    @Test
    void whitespaceCountsAgainstThePlaintextLimitButNotThePackedSize() {
        String spaced = ALLOW.replace(" ", "     ");
        assertThat(SessionPolicies.packedPercent(Optional.of(spaced), List.of()))
                .isEqualTo(SessionPolicies.packedPercent(Optional.of(ALLOW), List.of()));
        String padded = ALLOW + " ".repeat(2049 - ALLOW.length());
        assertThat(refused(Map.of("Policy", padded)).code()).isEqualTo("ValidationError");
    }

    @Test
    void charactersOutsideStsSetAreAValidationError() {
        AwsError e = refused(Map.of("Policy", ALLOW.replace("ec2:Describe*", "ec2:Describe\u20ac")));
        assertThat(e.code()).isEqualTo("ValidationError");
        assertThat(e.getMessage()).contains("Member must satisfy regular expression pattern");
    }

    @Test
    void anIdentityPolicyGrammarIsRequired() {
        String withPrincipal = """
                {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Principal": "*",
                 "Action": "ec2:Describe*", "Resource": "*"}}""";
        AwsError e = refused(Map.of("Policy", withPrincipal));
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.code()).isEqualTo("MalformedPolicyDocument");
        assertThat(e.getMessage()).contains("Principal");
    }

    @Test
    void atMostTenPolicyArns() {
        Map<String, String> params = new HashMap<>();
        for (int i = 1; i <= 11; i++) {
            params.put("PolicyArns.member." + i + ".arn", "arn:aws:iam::aws:policy/ReadOnlyAccess");
        }
        assertThat(refused(params).getMessage()).contains("'policyArns'", "less than or equal to 10");
        params.remove("PolicyArns.member.11.arn");
        assertThat(read(params).policies()).hasSize(10);
    }
}
