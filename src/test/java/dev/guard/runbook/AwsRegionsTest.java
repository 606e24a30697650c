package dev.guard.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;

/** guard's copy of the region list is the SDK's, and unknown regions are refused or warned about. */
class AwsRegionsTest {
    @Test
    void theListIsTheSdksLessItsGlobalPseudoRegions() {
        Set<String> sdk = Region.regions().stream()
                .filter(r -> !r.isGlobalRegion())
                .map(Region::id)
                .collect(Collectors.toSet());

        assertThat(AwsRegions.KNOWN).isEqualTo(sdk);
    }

    @Test
    void aRegionInNoAreaAwsHasIsRefused() {
        assertThat(AwsRegions.problem("mars-north-9"))
                .hasValueSatisfying(p -> assertThat(p).contains("'mars-north-9' is not an AWS region"));
    }

    @Test
    void aTypoIsRefusedWithTheRegionItWasMeantToBe() {
        assertThat(AwsRegions.problem("us-est-1"))
                .contains("'us-est-1' is not an AWS region; did you mean 'us-east-1'?");
        assertThat(AwsRegions.problem("eu-wset-1"))
                .hasValueSatisfying(p -> assertThat(p).contains("did you mean 'eu-west-1'?"));
    }

    @Test
    void aNewRegionInAKnownAreaPassesWithAWarning() {
        assertThat(AwsRegions.problem("eu-west-4")).isEmpty();
        assertThat(AwsRegions.warning("eu-west-4"))
                .hasValueSatisfying(w -> assertThat(w).contains("is not one guard knows"));
        assertThat(AwsRegions.warning("eu-west-1")).isEmpty();
    }
}
