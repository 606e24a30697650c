package dev.guard.sandbox.ec2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.guard.sandbox.server.AwsError;
import java.util.Map;
import org.junit.jupiter.api.Test;

class Ec2ParametersTest {
    private static AwsError refusal(String action, Map<String, String> params) {
        return catchThrowableOfType(AwsError.class, () -> Ec2Parameters.check(action, params));
    }

    @Test
    void aParameterEc2DoesNotDefineIsUnknownParameter() {
        AwsError e = refusal("StopInstances", Map.of("Action", "StopInstances", "InstanceId.1", "i-1", "Bogus", "1"));
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.code()).isEqualTo("UnknownParameter");
        assertThat(e.getMessage()).isEqualTo("The parameter Bogus is not recognized");
    }

    @Test
    void aDefinedParameterTheSandboxDoesNotModelIsRefusedUnlessItIsTheDefault() {
        assertThat(refusal("StopInstances", Map.of("Hibernate", "true")).code()).isEqualTo("Unsupported");
        assertThat(refusal("RunInstances", Map.of("SecurityGroupId.1", "sg-12345678"))
                        .code())
                .isEqualTo("Unsupported");
        assertThatCode(() -> Ec2Parameters.check("StopInstances", Map.of("Hibernate", "false")))
                .doesNotThrowAnyException();
    }

    @Test
    void modelledParametersIncludingTheSdksIdempotencyTokenPass() {
        assertThatCode(() -> Ec2Parameters.check(
                        "RunInstances",
                        Map.of(
                                "Action", "RunInstances",
                                "Version", "2016-11-15",
                                "ImageId", "ami-12345678",
                                "MinCount", "1",
                                "MaxCount", "1",
                                "ClientToken", "abc",
                                "TagSpecification.1.ResourceType", "instance",
                                "TagSpecification.1.Tag.1.Key", "k")))
                .doesNotThrowAnyException();
    }

    @Test
    void dryRunIsAnsweredOnlyWhenTrue() {
        AwsError e = catchThrowableOfType(AwsError.class, () -> Ec2Parameters.dryRun(Map.of("DryRun", "true")));
        assertThat(e.status()).isEqualTo(412);
        assertThat(e.code()).isEqualTo("DryRunOperation");
        assertThat(e.getMessage()).isEqualTo("Request would have succeeded, but DryRun flag is set.");
        assertThatCode(() -> Ec2Parameters.dryRun(Map.of("DryRun", "false"))).doesNotThrowAnyException();
    }
}
