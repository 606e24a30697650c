package dev.guard.runbook;

import dev.guard.yaml.Fields;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The AWS regions guard knows: those of the AWS SDK it is built with (a test keeps this list equal
 * to {@code Region.regions()}, less the global pseudo-regions). A copy, because {@code validate}
 * and {@code plan} do not load the SDK. A region that is not here is refused when it cannot be
 * one (a typo, an unknown area such as {@code mars-}), and accepted with a warning when it has the
 * shape of a new region in an area AWS already has ({@code eu-west-4}): AWS adds regions.
 *
 * <p>Plain control flow rather than lambdas: on JDK 17 each lambda call site costs about 60 µs to
 * link the first time it runs, and a validate checks regions.
 */
public final class AwsRegions {
    public static final Set<String> KNOWN = Set.of(
            "af-south-1",
            "ap-east-1",
            "ap-east-2",
            "ap-northeast-1",
            "ap-northeast-2",
            "ap-northeast-3",
            "ap-south-1",
            "ap-south-2",
            "ap-southeast-1",
            "ap-southeast-2",
            "ap-southeast-3",
            "ap-southeast-4",
            "ap-southeast-5",
            "ap-southeast-6",
            "ap-southeast-7",
            "ca-central-1",
            "ca-west-1",
            "cn-north-1",
            "cn-northwest-1",
            "eu-central-1",
            "eu-central-2",
            "eu-isoe-west-1",
            "eu-north-1",
            "eu-south-1",
            "eu-south-2",
            "eu-west-1",
            "eu-west-2",
            "eu-west-3",
            "eusc-de-east-1",
            "il-central-1",
            "me-central-1",
            "me-south-1",
            "mx-central-1",
            "sa-east-1",
            "us-east-1",
            "us-east-2",
            "us-gov-east-1",
            "us-gov-west-1",
            "us-iso-east-1",
            "us-iso-west-1",
            "us-isob-east-1",
            "us-isob-west-1",
            "us-isof-east-1",
            "us-isof-south-1",
            "us-west-1",
            "us-west-2");

    // area (us, us-gov, eusc-de), direction, number: the shape of every region AWS has named.
    private static final Pattern SHAPE = Pattern.compile("([a-z]{2,4}(?:-[a-z]{2,5})?)-(north|south|east|west|central"
            + "|northeast|northwest|southeast|southwest)-[1-9][0-9]?");

    private static final Set<String> SORTED = new TreeSet<>(KNOWN);

    private AwsRegions() {}

    /** Why {@code v} cannot be a region, or empty. */
    public static Optional<String> problem(String v) {
        if (KNOWN.contains(v)) {
            return Optional.empty();
        }
        var m = SHAPE.matcher(v);
        if (m.matches() && knownArea(m.group(1))) {
            return Optional.empty();
        }
        Optional<String> closest = closest(v);
        String hint =
                closest.isPresent() ? "; did you mean '" + closest.get() + "'?" : " (like us-east-1 or eu-west-2)";
        return Optional.of("'" + v + "' is not an AWS region" + hint);
    }

    /** For a region that may be real but that guard does not know: what the plan should say. */
    public static Optional<String> warning(String v) {
        if (KNOWN.contains(v) || problem(v).isPresent()) {
            return Optional.empty();
        }
        Optional<String> closest = closest(v);
        return Optional.of("region " + v + " is not one guard knows (it knows those of its AWS SDK); if AWS added it"
                + " recently, carry on, otherwise check for a typo"
                + (closest.isPresent() ? " (did you mean " + closest.get() + "?)" : ""));
    }

    private static boolean knownArea(String area) {
        for (String r : KNOWN) {
            var m = SHAPE.matcher(r);
            if (m.matches() && m.group(1).equals(area)) {
                return true;
            }
        }
        return false;
    }

    /** The known region a typo away from {@code v}, if one is. */
    private static Optional<String> closest(String v) {
        return Fields.closest(v, SORTED);
    }
}
