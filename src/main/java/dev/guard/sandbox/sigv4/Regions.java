package dev.guard.sandbox.sigv4;

import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.regions.Region;

/**
 * The regions a credential scope may name: those the AWS SDK knows, including its global
 * pseudo-regions (an SDK IAM client given {@code aws-global} and an endpoint override signs with it).
 */
final class Regions {
    private static final Set<String> KNOWN =
            Region.regions().stream().map(Region::id).collect(Collectors.toUnmodifiableSet());

    private Regions() {}

    static boolean isKnown(String region) {
        return KNOWN.contains(region);
    }
}
