package dev.guard.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class ActionMetadataTest {
    @Test
    void theServiceIsTheNamesPrefixAndTheWithersKeepEverythingElse() {
        ActionMetadata m = ActionMetadata.destructive(
                        "ec2:StartInstances", "start EC2 instances", "instanceIds", "selector")
                .withStates(Set.of("stopped"))
                .selectedBy("selector");

        assertThat(m.service()).isEqualTo("ec2");
        assertThat(m.destructive()).isTrue();
        assertThat(m.tagged()).isTrue();
        assertThat(m.states()).containsExactly("stopped");
        assertThat(m.selectorKey()).contains("selector");
        assertThat(m.untagged().tagged()).isFalse();
        assertThat(m.untagged().states()).containsExactly("stopped");
    }

    @Test
    void aNameThatIsNotServiceColonOperationOrASelectorThatIsNoInputIsRefused() {
        assertThatThrownBy(() -> ActionMetadata.destructive("StartInstances", "start"))
                .hasMessageContaining("is not service:Operation");
        assertThatThrownBy(() -> ActionMetadata.destructive("s3:DeleteObject", "delete", "bucket")
                        .selectedBy("prefix"))
                .hasMessageContaining("selector key prefix is not an input key");
    }

    @Test
    void everyRegisteredActionsMetadataNamesItAndWaitingIsACapabilityNotAName() {
        for (Action a : ActionRegistry.standard().all()) {
            assertThat(a.metadata().name()).isEqualTo(a.name());
        }
        assertThat(ActionRegistry.standard().all())
                .filteredOn(a -> a instanceof WaitsForCompletion)
                .extracting(Action::name)
                .contains("ec2:TerminateInstances", "ec2:StopInstances", "dynamodb:DeleteTable")
                .doesNotContain("s3:PutObject", "s3:DeleteObject");
    }
}
