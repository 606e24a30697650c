package dev.guard.sandbox.sigv4;

import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.regions.Region;

/** The regions a credential scope may name: those the AWS SDK knows, without its global pseudo-regions. */
final class Regions {
    private static final Set<String> KNOWN = Region.regions().stream()
            .map(Region::id)
            .filter(id -> !id.endsWith("global"))
            .collect(Collectors.toUnmodifiableSet());

    private Regions() {}

    static boolean isKnown(String region) {
        return KNOWN.contains(region);
    }
}
