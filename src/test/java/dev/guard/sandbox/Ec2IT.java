package dev.guard.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.Reservation;

/** EC2 through the real SDK: selection, DryRun, termination protection, and an MFA-conditioned policy. */
class Ec2IT {
    private static final String DEVELOPMENT = "222222222222";

    private final SandboxFixture f;

    Ec2IT() throws Exception {
        f = new SandboxFixture();
    }

    @AfterEach
    void stop() {
        f.close();
    }

    private static String code(Throwable t) {
        return ((Ec2Exception) t).awsErrorDetails().errorCode();
    }

    private static List<String> ids(List<Reservation> reservations) {
        return reservations.stream()
                .flatMap(r -> r.instances().stream())
                .map(Instance::instanceId)
                .toList();
    }

    @Test
    void aSelectorByTagAndStateFindsExactlyTheSeededInstances() {
        Ec2Client ec2 = f.ec2(f.privilegedRole(DEVELOPMENT));
        var found = ec2.describeInstances(r -> r.filters(
                Filter.builder().name("tag:env").values("dev").build(),
                Filter.builder().name("instance-state-name").values("stopped").build()));
        assertThat(ids(found.reservations())).containsExactlyInAnyOrder("i-0a22222222222222c", "i-0a22222222222222d");
        var page = ec2.describeInstances(r -> r.maxResults(5));
        assertThat(ids(page.reservations())).hasSize(5);
        assertThat(page.nextToken()).isNotNull();
        var rest = ec2.describeInstances(r -> r.maxResults(5).nextToken(page.nextToken()));
        assertThat(ids(rest.reservations())).hasSize(1).doesNotContainAnyElementsOf(ids(page.reservations()));
    }

    @Test
    void dryRunChangesNothingAndARealTerminateDoes() {
        Ec2Client ec2 = f.ec2(f.privilegedRole(DEVELOPMENT));
        f.sandbox.journal().clear();
        assertThatThrownBy(() -> ec2.terminateInstances(
                        r -> r.instanceIds("i-0a22222222222222a").dryRun(true)))
                .satisfies(t -> assertThat(code(t)).isEqualTo("DryRunOperation"));
        assertThat(f.sandbox.journal().anyMutation()).isFalse();

        var change = ec2.terminateInstances(r -> r.instanceIds("i-0a22222222222222a"))
                .terminatingInstances()
                .get(0);
        assertThat(change.previousState().name()).isEqualTo(InstanceStateName.RUNNING);
        assertThat(change.currentState().name()).isEqualTo(InstanceStateName.SHUTTING_DOWN);
        ec2.waiter().waitUntilInstanceTerminated(r -> r.instanceIds("i-0a22222222222222a"));
        assertThat(f.sandbox.journal().anyMutation()).isTrue();
    }

    @Test
    void terminationProtectionRefusesTheTerminate() {
        Ec2Client ec2 = f.ec2(f.privilegedRole(DEVELOPMENT));
        assertThatThrownBy(() -> ec2.terminateInstances(r -> r.instanceIds("i-0a22222222222222f")))
                .satisfies(t -> assertThat(code(t)).isEqualTo("OperationNotPermitted"));
        var state = ec2.describeInstances(r -> r.instanceIds("i-0a22222222222222f"))
                .reservations()
                .get(0)
                .instances()
                .get(0)
                .state()
                .name();
        assertThat(state).isEqualTo(InstanceStateName.RUNNING);
    }

    @Test
    void anMfaConditionedPolicyRefusesLongTermKeysAndAcceptsAnMfaSession() {
        String sofias = "i-0a11111111111111a";
        assertThatThrownBy(() -> f.ec2(f.keys("sofia")).stopInstances(r -> r.instanceIds(sofias)))
                .satisfies(t -> assertThat(code(t)).isEqualTo("UnauthorizedOperation"));
        var session = SandboxFixture.session(f.sts(f.keys("sofia"))
                .getSessionToken(r -> r.serialNumber(f.serial("sofia")).tokenCode(f.nextCode("sofia")))
                .credentials());
        var change = f.ec2(session)
                .stopInstances(r -> r.instanceIds(sofias))
                .stoppingInstances()
                .get(0);
        assertThat(change.currentState().name()).isEqualTo(InstanceStateName.STOPPING);
    }

    @Test
    void unknownAndMalformedIdsAreRefused() {
        Ec2Client ec2 = f.ec2(f.privilegedRole(DEVELOPMENT));
        assertThatThrownBy(() -> ec2.describeInstances(r -> r.instanceIds("i-0123456789abcdef0")))
                .satisfies(t -> assertThat(code(t)).isEqualTo("InvalidInstanceID.NotFound"));
        assertThatThrownBy(() -> ec2.terminateInstances(r -> r.instanceIds("i-nothex")))
                .satisfies(t -> assertThat(code(t)).isEqualTo("InvalidInstanceID.Malformed"));
    }
}
