package dev.guard.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.model.ContextEntry;
import software.amazon.awssdk.services.iam.model.ContextKeyTypeEnum;
import software.amazon.awssdk.services.iam.model.EvaluationResult;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.MFADevice;
import software.amazon.awssdk.services.iam.model.PolicyEvaluationDecisionType;
import software.amazon.awssdk.services.iam.model.PolicySourceType;

/** The IAM reads guard makes, through the real SDK: finding the caller's MFA device, and the rules on who may read. */
class IamIT {
    private final SandboxFixture f;

    IamIT() throws Exception {
        f = new SandboxFixture();
    }

    @AfterEach
    void stop() {
        f.close();
    }

    private static String code(Throwable t) {
        return ((IamException) t).awsErrorDetails().errorCode();
    }

    @Test
    void aUserFindsTheirOwnMfaDevice() {
        var devices = f.iam(f.keys("alice")).listMFADevices().mfaDevices();
        assertThat(devices).extracting(MFADevice::serialNumber).containsExactly("arn:aws:iam::111111111111:mfa/alice");
    }

    @Test
    void sessionCredentialsWithoutMfaMayCallNoIamApi() {
        var session =
                SandboxFixture.session(f.sts(f.keys("alice")).getSessionToken().credentials());
        // AWS refuses them as an invalid token, not as a denial (aws-vault#15, aws-cli#8918).
        assertThatThrownBy(() -> f.iam(session).listMFADevices())
                .satisfies(t -> assertThat(code(t)).isEqualTo("InvalidClientTokenId"))
                .satisfies(t -> assertThat(((IamException) t).statusCode()).isEqualTo(403))
                .hasMessageStartingWith("The security token included in the request is invalid (Service: Iam");
        var withMfa = SandboxFixture.session(f.sts(f.keys("alice"))
                .getSessionToken(r -> r.serialNumber(f.serial("alice")).tokenCode(f.nextCode("alice")))
                .credentials());
        assertThat(f.iam(withMfa).listMFADevices().mfaDevices()).hasSize(1);
    }

    @Test
    void rolesAreLookedUpInTheCallersOwnAccount() {
        assertThatThrownBy(() -> f.iam(f.keys("alice")).getRole(r -> r.roleName("PrivilegedActionsRole")))
                .satisfies(t -> assertThat(code(t)).isEqualTo("NoSuchEntity"));
    }

    private static final String DEV_ROLE = "arn:aws:iam::222222222222:role/PrivilegedActionsRole";
    private static final String SOFIA = "arn:aws:iam::111111111111:user/sofia";
    private static final String SOFIAS_INSTANCE = "arn:aws:ec2:us-east-1:111111111111:instance/i-0a11111111111111a";

    @Test
    void simulatingTheRoleAllowsWhatItsPolicyGrantsAndImplicitlyDeniesTheRest() {
        var results = f.iam(f.privilegedRole("222222222222"))
                .simulatePrincipalPolicy(
                        r -> r.policySourceArn(DEV_ROLE).actionNames("ec2:TerminateInstances", "iam:CreateUser"))
                .evaluationResults();
        assertThat(results)
                .extracting(EvaluationResult::evalActionName)
                .containsExactly("ec2:TerminateInstances", "iam:CreateUser");
        EvaluationResult terminate = results.get(0);
        assertThat(terminate.evalDecision()).isEqualTo(PolicyEvaluationDecisionType.ALLOWED);
        assertThat(terminate.evalResourceName()).isEqualTo("*");
        assertThat(terminate.matchedStatements()).singleElement().satisfies(s -> {
            assertThat(s.sourcePolicyId()).isEqualTo("PrivilegedActions");
            assertThat(s.sourcePolicyType()).isEqualTo(PolicySourceType.ROLE);
        });
        assertThat(results.get(1).evalDecision()).isEqualTo(PolicyEvaluationDecisionType.IMPLICIT_DENY);
        assertThat(results.get(1).matchedStatements()).isEmpty();
    }

    @Test
    void simulatingSofiasMfaConditionedStopDependsOnTheContextGiven() {
        var iam = f.iam(f.keys("sofia"));
        EvaluationResult withMfa = iam.simulatePrincipalPolicy(r -> r.policySourceArn(SOFIA)
                        .actionNames("ec2:StopInstances")
                        .resourceArns(SOFIAS_INSTANCE)
                        .contextEntries(ContextEntry.builder()
                                .contextKeyName("aws:MultiFactorAuthPresent")
                                .contextKeyType(ContextKeyTypeEnum.BOOLEAN)
                                .contextKeyValues("true")
                                .build()))
                .evaluationResults()
                .get(0);
        assertThat(withMfa.evalDecision()).isEqualTo(PolicyEvaluationDecisionType.ALLOWED);
        assertThat(withMfa.evalResourceName()).isEqualTo(SOFIAS_INSTANCE);
        assertThat(withMfa.missingContextValues()).isEmpty();
        assertThat(withMfa.matchedStatements()).singleElement().satisfies(s -> {
            assertThat(s.sourcePolicyId()).isEqualTo("EC2AdminsStopAndTerminateWithMfa");
            assertThat(s.sourcePolicyType()).isEqualTo(PolicySourceType.GROUP);
        });
        assertThat(withMfa.resourceSpecificResults()).singleElement().satisfies(r -> {
            assertThat(r.evalResourceName()).isEqualTo(SOFIAS_INSTANCE);
            assertThat(r.evalResourceDecision()).isEqualTo(PolicyEvaluationDecisionType.ALLOWED);
        });

        EvaluationResult without = iam.simulatePrincipalPolicy(r -> r.policySourceArn(SOFIA)
                        .actionNames("ec2:StopInstances")
                        .resourceArns(SOFIAS_INSTANCE))
                .evaluationResults()
                .get(0);
        assertThat(without.evalDecision()).isEqualTo(PolicyEvaluationDecisionType.IMPLICIT_DENY);
        assertThat(without.missingContextValues()).containsExactly("aws:MultiFactorAuthPresent");
    }

    @Test
    void simulatingNeedsPermissionAndAPrincipalOfTheCallersAccount() {
        assertThatThrownBy(() -> f.iam(f.keys("bob"))
                        .simulatePrincipalPolicy(r -> r.policySourceArn(SOFIA).actionNames("ec2:StopInstances")))
                .satisfies(t -> assertThat(code(t)).isEqualTo("AccessDenied"));
        assertThatThrownBy(() -> f.iam(f.privilegedRole("222222222222"))
                        .simulatePrincipalPolicy(
                                r -> r.policySourceArn("arn:aws:iam::333333333333:role/PrivilegedActionsRole")
                                        .actionNames("ec2:StopInstances")))
                .satisfies(t -> assertThat(code(t)).isEqualTo("NoSuchEntity"));
        assertThatThrownBy(() -> f.iam(f.keys("sofia")).simulatePrincipalPolicy(r -> r.policySourceArn(SOFIA)))
                .satisfies(t -> assertThat(code(t)).isEqualTo("ValidationError"));
    }
}
