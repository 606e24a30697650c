package dev.guard.sandbox.ec2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.guard.sandbox.server.AwsError;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InstancesTest {
    private static final Instant NOW = Instant.parse("2026-11-01T00:00:00Z");

    @Test
    void maxCountBeyondTheQuotaLaunchesWhatFitsAndMinCountBeyondItLaunchesNothing() {
        Instances instances = new Instances(10);
        instances.add("i-0a000000000000001", "1", "us-east-1", "t3.micro", Map.of(), "running", false, NOW);
        instances.add("i-0a000000000000002", "1", "us-east-1", "t3.micro", Map.of(), "stopped", false, NOW);
        assertThat(instances.launch(
                        "1", "us-east-1", 2, 50, "t3.micro", "ami-12345678", Map.of(), false, NOW, Optional.empty()))
                .hasSize(9);
        assertThatThrownBy(() -> instances.launch(
                        "1", "us-east-1", 1, 1, "t3.micro", "ami-12345678", Map.of(), false, NOW, Optional.empty()))
                .isInstanceOf(AwsError.class)
                .satisfies(e -> assertThat(((AwsError) e).code()).isEqualTo("InstanceLimitExceeded"));
        assertThat(instances.launch(
                        "2", "us-east-1", 1, 1, "t3.micro", "ami-12345678", Map.of(), false, NOW, Optional.empty()))
                .as("the quota is per account")
                .hasSize(1);
        assertThat(instances.launch(
                        "1", "eu-west-1", 1, 1, "t3.micro", "ami-12345678", Map.of(), false, NOW, Optional.empty()))
                .as("and per region")
                .hasSize(1);
    }

    @Test
    void aRetagThatFailsOnOneInstanceChangesNoneAndReportsWhetherAnyChanged() {
        Instances instances = new Instances();
        instances.add("i-0a000000000000001", "1", "us-east-1", "t3.micro", Map.of("env", "dev"), "running", false, NOW);
        instances.add(
                "i-0a000000000000002", "1", "us-east-1", "t3.micro", Map.of("env", "prod"), "running", false, NOW);
        var both = java.util.List.of(
                instances.find("1", "us-east-1", "i-0a000000000000001").orElseThrow(),
                instances.find("1", "us-east-1", "i-0a000000000000002").orElseThrow());
        assertThatThrownBy(() -> instances.retag(both, tags -> {
                    if (tags.get("env").equals("prod")) {
                        throw new AwsError(400, "TagLimitExceeded", "full");
                    }
                    tags.put("owner", "ops");
                    return tags;
                }))
                .isInstanceOf(AwsError.class);
        assertThat(both.get(0).tags).containsExactly(Map.entry("env", "dev"));
        assertThat(instances.retag(both, tags -> tags)).isFalse();
        assertThat(instances.retag(both, tags -> {
                    tags.put("env", "dev");
                    return tags;
                }))
                .isTrue();
        assertThat(both.get(1).tags).containsExactly(Map.entry("env", "dev"));
        assertThat(both.get(1).snapshot().tags()).containsExactly(Map.entry("env", "dev"));
    }

    @Test
    void anInstanceIsFoundAndListedOnlyInItsOwnRegion() {
        Instances instances = new Instances();
        instances.add("i-0a000000000000001", "1", "us-east-1", "t3.micro", Map.of(), "running", false, NOW);
        instances.add("i-0a000000000000002", "1", "eu-west-1", "t3.micro", Map.of(), "running", false, NOW);
        assertThat(instances.find("1", "eu-west-1", "i-0a000000000000001")).isEmpty();
        assertThat(instances.find("1", "us-east-1", "i-0a000000000000001")).isPresent();
        assertThat(instances.in("1", "eu-west-1")).extracting(i -> i.id).containsExactly("i-0a000000000000002");
        assertThat(instances.snapshots())
                .extracting(Instances.Snapshot::region)
                .containsExactly("us-east-1", "eu-west-1");
    }

    @Test
    void restoredLaunchedIdsAreNeverReused() {
        Instances instances = new Instances();
        instances.restore(new Instances.Snapshot(
                "i-0b00000000000002a",
                "1",
                "us-east-1",
                "t3.micro",
                "ami-12345678",
                "r-0b00000000000002a",
                Map.of(),
                NOW,
                "running",
                false,
                Optional.empty()));
        assertThat(instances.launch(
                        "1", "us-east-1", 1, 1, "t3.micro", "ami-12345678", Map.of(), false, NOW, Optional.empty()))
                .extracting(i -> i.id)
                .containsExactly("i-0b00000000000002b");
    }
}
