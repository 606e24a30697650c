package dev.guard.action.ec2;

import dev.guard.action.Batches;
import dev.guard.action.StopSignal;
import dev.guard.aws.Calls;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceAttributeName;

/**
 * Which instances have termination protection on ({@code disableApiTermination}): read before a
 * terminate so guard refuses the run instead of failing half-way, and never switches it off.
 */
final class TerminationProtection {
    private final Ec2Client ec2;
    private final Calls calls;

    TerminationProtection(Ec2Client ec2, Calls calls) {
        this.ec2 = ec2;
        this.calls = calls;
    }

    /** Concurrent reads at once, at most: EC2 has no batch call for the attribute. */
    static final int ATTRIBUTE_READERS = 8;

    /**
     * The instances with termination protection on. EC2 answers this per instance, so 1,000
     * targets are 1,000 calls: they go out {@link #ATTRIBUTE_READERS} at a time.
     */
    Set<String> among(Collection<Instance> instances) {
        List<String> ids = instances.stream()
                .filter(i -> !i.state().nameAsString().equals("terminated"))
                .map(Instance::instanceId)
                .toList();
        if (ids.isEmpty()) {
            return Set.of();
        }
        // The read's own failure (a denial, an outage) is what the operator needs to see: thrown as it is.
        List<Boolean> answers =
                Batches.run(ids, ATTRIBUTE_READERS, StopSignal.NEVER, this::terminationProtected, id -> false);
        Set<String> out = new LinkedHashSet<>();
        for (int k = 0; k < ids.size(); k++) {
            if (answers.get(k)) {
                out.add(ids.get(k));
            }
        }
        return out;
    }

    private boolean terminationProtected(String id) {
        var protection = calls.call(
                        "DescribeInstanceAttribute",
                        () -> ec2.describeInstanceAttribute(
                                b -> b.instanceId(id).attribute(InstanceAttributeName.DISABLE_API_TERMINATION)))
                .disableApiTermination();
        // An endpoint that leaves the attribute out says nothing about protection: treat it as off,
        // as EC2 itself would (the attribute defaults to false).
        return protection != null && Boolean.TRUE.equals(protection.value());
    }
}
