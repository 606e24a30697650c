package dev.guard.sandbox.ec2;

import dev.guard.sandbox.server.AwsError;
import java.util.Map;
import java.util.Set;

/**
 * The parameters of each modelled EC2 action: those EC2's API defines and those the sandbox
 * models. A parameter EC2 does not define is UnknownParameter, as EC2 answers; one it defines but
 * the sandbox does not model is refused (Unsupported) rather than ignored, unless it is "false",
 * its default — so a request never means less in the sandbox than it would in AWS.
 */
final class Ec2Parameters {
    /** Action → the top-level parameter names EC2's API defines (botocore's ec2 model). */
    private static final Map<String, Set<String>> DEFINED = Map.of(
            "DescribeInstances",
            Set.of("DryRun", "Filter", "IncludeManagedResources", "InstanceId", "MaxResults", "NextToken"),
            "RunInstances",
            Set.of(
                    "AdditionalInfo",
                    "BlockDeviceMapping",
                    "CapacityReservationSpecification",
                    "ClientToken",
                    "CpuOptions",
                    "CreditSpecification",
                    "DisableApiStop",
                    "DisableApiTermination",
                    "DryRun",
                    "EbsOptimized",
                    "ElasticGpuSpecification",
                    "ElasticInferenceAccelerator",
                    "EnablePrimaryIpv6",
                    "EnclaveOptions",
                    "HibernationOptions",
                    "IamInstanceProfile",
                    "ImageId",
                    "InstanceInitiatedShutdownBehavior",
                    "InstanceMarketOptions",
                    "InstanceType",
                    "Ipv6Address",
                    "Ipv6AddressCount",
                    "KernelId",
                    "KeyName",
                    "LaunchTemplate",
                    "LicenseSpecification",
                    "MaintenanceOptions",
                    "MaxCount",
                    "MetadataOptions",
                    "MinCount",
                    "Monitoring",
                    "NetworkInterface",
                    "NetworkPerformanceOptions",
                    "Operator",
                    "Placement",
                    "PrivateDnsNameOptions",
                    "PrivateIpAddress",
                    "RamdiskId",
                    "SecondaryInterface",
                    "SecurityGroup",
                    "SecurityGroupId",
                    "SubnetId",
                    "TagSpecification",
                    "UserData"),
            "TerminateInstances",
            Set.of("DryRun", "Force", "InstanceId", "SkipOsShutdown"),
            "StopInstances",
            Set.of("DryRun", "Force", "Hibernate", "InstanceId", "SkipOsShutdown"),
            "StartInstances",
            Set.of("AdditionalInfo", "DryRun", "InstanceId"),
            "DescribeInstanceAttribute",
            Set.of("Attribute", "DryRun", "InstanceId"),
            "ModifyInstanceAttribute",
            Set.of(
                    "Attribute",
                    "BlockDeviceMapping",
                    "DisableApiStop",
                    "DisableApiTermination",
                    "DryRun",
                    "EbsOptimized",
                    "EnaSupport",
                    "GroupId",
                    "InstanceId",
                    "InstanceInitiatedShutdownBehavior",
                    "InstanceType",
                    "Kernel",
                    "Ramdisk",
                    "SourceDestCheck",
                    "SriovNetSupport",
                    "UserData",
                    "Value"),
            "CreateTags",
            Set.of("DryRun", "ResourceId", "Tag"),
            "DeleteTags",
            Set.of("DryRun", "ResourceId", "Tag"),
            "DescribeTags",
            Set.of("DryRun", "Filter", "MaxResults", "NextToken"));

    /**
     * Action → what the sandbox models. ClientToken is RunInstances' idempotency token, which the
     * SDKs and the CLI always send (kept for the sandbox process's life, not in the state file).
     */
    private static final Map<String, Set<String>> MODELLED = Map.of(
            "DescribeInstances",
            Set.of("DryRun", "Filter", "IncludeManagedResources", "InstanceId", "MaxResults", "NextToken"),
            "RunInstances",
            Set.of(
                    "ClientToken",
                    "DisableApiTermination",
                    "DryRun",
                    "ImageId",
                    "InstanceType",
                    "MaxCount",
                    "MinCount",
                    "TagSpecification"),
            "TerminateInstances",
            Set.of("DryRun", "InstanceId"),
            "StopInstances",
            Set.of("DryRun", "InstanceId"),
            "StartInstances",
            Set.of("DryRun", "InstanceId"),
            "DescribeInstanceAttribute",
            Set.of("Attribute", "DryRun", "InstanceId"),
            "ModifyInstanceAttribute",
            Set.of("Attribute", "DisableApiTermination", "DryRun", "InstanceId", "Value"),
            "CreateTags",
            Set.of("DryRun", "ResourceId", "Tag"),
            "DeleteTags",
            Set.of("DryRun", "ResourceId", "Tag"),
            "DescribeTags",
            Set.of("DryRun", "Filter", "MaxResults", "NextToken"));

    private Ec2Parameters() {}

    /** Refuses a request of {@code action} that carries a parameter it does not define or the sandbox does not model. */
    static void check(String action, Map<String, String> params) {
        Set<String> defined = DEFINED.get(action);
        if (defined == null) {
            return; // not a modelled action: InvalidAction follows
        }
        for (Map.Entry<String, String> p : params.entrySet()) {
            String name = p.getKey();
            String top = name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
            if (top.equals("Action") || top.equals("Version")) {
                continue;
            }
            if (!defined.contains(top)) {
                throw new AwsError(400, "UnknownParameter", "The parameter " + name + " is not recognized");
            }
            if (!MODELLED.get(action).contains(top) && !"false".equalsIgnoreCase(p.getValue())) {
                throw new AwsError(
                        400,
                        "Unsupported",
                        "The sandbox does not model the parameter " + name + " of " + action
                                + ", so it refuses the request rather than ignore it.");
            }
        }
    }

    /** DryRun=true, once the caller is authorized: AWS's answer that the request would have succeeded. */
    static void dryRun(Map<String, String> params) {
        if ("true".equalsIgnoreCase(params.get("DryRun"))) {
            throw new AwsError(412, "DryRunOperation", "Request would have succeeded, but DryRun flag is set.");
        }
    }
}
