package dev.guard.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.Reservation;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.RunInstancesRequest;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

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
    void startInstancesDryRunsThenTakesAStoppedInstanceThroughPendingToRunning() {
        Ec2Client ec2 = f.ec2(f.privilegedRole(DEVELOPMENT));
        String stopped = "i-0a22222222222222c";
        f.sandbox.journal().clear();
        assertThatThrownBy(() -> ec2.startInstances(r -> r.instanceIds(stopped).dryRun(true)))
                .satisfies(t -> assertThat(code(t)).isEqualTo("DryRunOperation"));
        assertThat(f.sandbox.journal().anyMutation()).isFalse();
        assertThat(stateOf(ec2, stopped)).isEqualTo(InstanceStateName.STOPPED);

        var change = ec2.startInstances(r -> r.instanceIds(stopped))
                .startingInstances()
                .get(0);
        assertThat(change.previousState().name()).isEqualTo(InstanceStateName.STOPPED);
        assertThat(change.currentState().name()).isEqualTo(InstanceStateName.PENDING);
        ec2.waiter().waitUntilInstanceRunning(r -> r.instanceIds(stopped));
        // The journal names a refused request's action too; its decision is the error code.
        assertThat(f.sandbox.journal().entries())
                .filteredOn(e -> e.service().equals("ec2") && !e.action().startsWith("ec2:Describe"))
                .extracting(e -> e.action() + " " + e.decision() + " " + e.status() + " " + e.mutated())
                .containsExactly("ec2:StartInstances DryRunOperation 412 false", "ec2:StartInstances allowed 200 true");

        // Starting a running instance is no change, and EC2 says so rather than failing.
        var again = ec2.startInstances(r -> r.instanceIds(stopped))
                .startingInstances()
                .get(0);
        assertThat(again.previousState().name()).isEqualTo(InstanceStateName.RUNNING);
        assertThat(again.currentState().name()).isEqualTo(InstanceStateName.RUNNING);
        assertThat(f.sandbox
                        .journal()
                        .entries()
                        .get(f.sandbox.journal().entries().size() - 1)
                        .mutated())
                .isFalse();
    }

    @Test
    void aTerminatedInstanceCannotBeStartedAndTheWholeCallChangesNothing() {
        Ec2Client ec2 = f.ec2(f.privilegedRole(DEVELOPMENT));
        ec2.terminateInstances(r -> r.instanceIds("i-0a22222222222222a"));
        assertThatThrownBy(() -> ec2.startInstances(r -> r.instanceIds("i-0a22222222222222d", "i-0a22222222222222a")))
                .satisfies(t -> assertThat(code(t)).isEqualTo("IncorrectInstanceState"))
                .satisfies(t -> assertThat(((Ec2Exception) t).statusCode()).isEqualTo(400))
                .hasMessageContaining("'i-0a22222222222222a' is not in a state from which it can be started");
        assertThat(stateOf(ec2, "i-0a22222222222222d")).isEqualTo(InstanceStateName.STOPPED);
    }

    @Test
    void startingNeedsEc2StartInstancesInThePolicyStopAloneIsNotEnough() {
        // sofia's MFA policy allows Stop and Terminate on her instances, not Start.
        var session = SandboxFixture.session(f.sts(f.keys("sofia"))
                .getSessionToken(r -> r.serialNumber(f.serial("sofia")).tokenCode(f.nextCode("sofia")))
                .credentials());
        assertThatThrownBy(() -> f.ec2(session).startInstances(r -> r.instanceIds("i-0a11111111111111c")))
                .satisfies(t -> assertThat(code(t)).isEqualTo("UnauthorizedOperation"));
        assertThatThrownBy(() -> f.ec2(session)
                        .startInstances(
                                r -> r.instanceIds("i-0a11111111111111c").dryRun(true)))
                .satisfies(t -> assertThat(code(t)).isEqualTo("UnauthorizedOperation"));
    }

    private static InstanceStateName stateOf(Ec2Client ec2, String id) {
        return SandboxFixture.describe(ec2, id).state().name();
    }

    @Test
    void terminationProtectionRefusesTheTerminate() {
        Ec2Client ec2 = f.ec2(f.privilegedRole(DEVELOPMENT));
        assertThatThrownBy(() -> ec2.terminateInstances(r -> r.instanceIds("i-0a22222222222222f")))
                .satisfies(t -> assertThat(code(t)).isEqualTo("OperationNotPermitted"));
        assertThat(stateOf(ec2, "i-0a22222222222222f")).isEqualTo(InstanceStateName.RUNNING);
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

    private static final String AMI = "ami-0123456789abcdef0";

    private static Consumer<RunInstancesRequest.Builder> launch(int min, int max, Tag... tags) {
        return r -> r.imageId(AMI)
                .instanceType("t3.micro")
                .minCount(min)
                .maxCount(max)
                .tagSpecifications(TagSpecification.builder()
                        .resourceType(ResourceType.INSTANCE)
                        .tags(tags)
                        .build());
    }

    private static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }

    @Test
    void runInstancesStartsTaggedInstancesInOneReservationThatTagFiltersFind() {
        Ec2Client ec2 = f.ec2(f.privilegedRole(DEVELOPMENT));
        f.sandbox.journal().clear();
        var run = ec2.runInstances(launch(3, 3, tag("env", "bench"), tag("Name", "bench-web")));
        assertThat(run.ownerId()).isEqualTo(DEVELOPMENT);
        assertThat(run.reservationId()).startsWith("r-");
        assertThat(run.instances()).hasSize(3).allSatisfy(i -> {
            assertThat(i.state().name()).isEqualTo(InstanceStateName.PENDING);
            assertThat(i.imageId()).isEqualTo(AMI);
            assertThat(i.instanceTypeAsString()).isEqualTo("t3.micro");
            assertThat(i.tags()).containsExactly(tag("env", "bench"), tag("Name", "bench-web"));
        });
        assertThat(run.instances())
                .extracting(Instance::instanceId)
                .containsExactly("i-0b000000000000001", "i-0b000000000000002", "i-0b000000000000003");
        assertThat(f.sandbox.journal().entries()).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo("ec2:RunInstances");
            assertThat(e.mutated()).isTrue();
            assertThat(e.decidingStatement()).contains("PrivilegedActions#LaunchInstances");
        });

        ec2.waiter()
                .waitUntilInstanceRunning(r -> r.instanceIds(ids(
                        List.of(Reservation.builder().instances(run.instances()).build()))));
        var found = ec2.describeInstances(
                r -> r.filters(Filter.builder().name("tag:env").values("bench").build()));
        assertThat(found.reservations()).singleElement().satisfies(r -> {
            assertThat(r.reservationId()).isEqualTo(run.reservationId());
            assertThat(r.instances()).extracting(i -> i.state().name()).containsOnly(InstanceStateName.RUNNING);
        });
        var next = ec2.runInstances(launch(1, 1)).instances().get(0);
        assertThat(next.instanceId()).isEqualTo("i-0b000000000000004");
        assertThat(next.tags()).isEmpty();
    }

    @Test
    void runInstancesDefaultsTheTypeAndHonoursTerminationProtection() {
        Ec2Client ec2 = f.ec2(f.privilegedRole(DEVELOPMENT));
        var i = ec2.runInstances(
                        r -> r.imageId("ami-0abcdef1").minCount(1).maxCount(1).disableApiTermination(true))
                .instances()
                .get(0);
        assertThat(i.instanceTypeAsString()).isEqualTo("m1.small");
        assertThatThrownBy(() -> ec2.terminateInstances(r -> r.instanceIds(i.instanceId())))
                .satisfies(t -> assertThat(code(t)).isEqualTo("OperationNotPermitted"));
    }

    @Test
    void runInstancesDryRunSaysWhetherTheCallerMayLaunch() {
        Ec2Client allowed = f.ec2(f.privilegedRole(DEVELOPMENT));
        f.sandbox.journal().clear();
        assertThatThrownBy(() ->
                        allowed.runInstances(launch(1, 1, tag("env", "bench")).andThen(r -> r.dryRun(true))))
                .satisfies(t -> assertThat(code(t)).isEqualTo("DryRunOperation"));
        assertThatThrownBy(
                        () -> f.ec2(f.keys("sofia")).runInstances(launch(1, 1).andThen(r -> r.dryRun(true))))
                .satisfies(t -> assertThat(code(t)).isEqualTo("UnauthorizedOperation"));
        assertThatThrownBy(() -> f.ec2(f.keys("sofia")).runInstances(launch(1, 1)))
                .satisfies(t -> assertThat(code(t)).isEqualTo("UnauthorizedOperation"));
        assertThat(f.sandbox.journal().anyMutation()).isFalse();
        assertThat(allowed.describeInstances(r -> r.filters(
                                Filter.builder().name("tag:env").values("bench").build()))
                        .reservations())
                .isEmpty();
    }

    @Test
    void runInstancesRefusesBadInputAsEc2Does() {
        Ec2Client ec2 = f.ec2(f.privilegedRole(DEVELOPMENT));
        assertThatThrownBy(() ->
                        ec2.runInstances(r -> r.imageId("ami-xyz").minCount(1).maxCount(1)))
                .satisfies(t -> assertThat(code(t)).isEqualTo("InvalidAMIID.Malformed"));
        assertThatThrownBy(() -> ec2.runInstances(r -> r.minCount(1).maxCount(1)))
                .satisfies(t -> assertThat(code(t)).isEqualTo("MissingParameter"));
        assertThatThrownBy(() -> ec2.runInstances(launch(0, 1)))
                .satisfies(t -> assertThat(code(t)).isEqualTo("InvalidParameterValue"));
        assertThatThrownBy(() -> ec2.runInstances(launch(3, 2)))
                .satisfies(t -> assertThat(code(t)).isEqualTo("InvalidParameterValue"));
        assertThatThrownBy(() -> ec2.runInstances(launch(1, 1, tag("aws:owner", "me"))))
                .satisfies(t -> assertThat(code(t)).isEqualTo("InvalidParameterValue"));
        assertThatThrownBy(() -> ec2.runInstances(launch(5001, 5001)))
                .satisfies(t -> assertThat(code(t)).isEqualTo("InstanceLimitExceeded"));
    }

    @Test
    void aThousandTaggedInstancesLaunchInOneCall() {
        Ec2Client ec2 = f.ec2(f.privilegedRole(DEVELOPMENT));
        long start = System.nanoTime();
        var run = ec2.runInstances(launch(1000, 1000, tag("env", "load"), tag("team", "bench")));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(run.instances()).hasSize(1000);
        assertThat(millis).as("one RunInstances of 1000").isLessThan(10_000);
        long found = ec2
                .describeInstancesPaginator(r -> r.maxResults(1000)
                        .filters(Filter.builder()
                                .name("tag:team")
                                .values("bench")
                                .build()))
                .reservations()
                .stream()
                .mapToLong(r -> r.instances().size())
                .sum();
        assertThat(found).isEqualTo(1000);
    }
}
