package dev.guard.sandbox.ec2;

import dev.guard.sandbox.iam.Decision;
import dev.guard.sandbox.server.AwsError;
import dev.guard.sandbox.server.Call;
import dev.guard.sandbox.server.Reply;
import dev.guard.sandbox.server.Xml;
import java.util.Map;

/** The disableApiTermination instance attribute: termination protection. */
final class Attributes {
    private Attributes() {}

    private static Instances.Instance one(Ec2Service ec2, Call call, Map<String, String> params) {
        String id = params.get("InstanceId");
        if (id == null) {
            throw new AwsError(400, "MissingParameter", "The request must contain the parameter InstanceId");
        }
        return ec2.named(call, Map.of("InstanceId.1", id), true).get(0);
    }

    static Reply describe(Ec2Service ec2, Call call, Map<String, String> params) {
        Instances.Instance i = one(ec2, call, params);
        if (!"disableApiTermination".equals(params.get("Attribute"))) {
            throw new AwsError(
                    400, "InvalidParameterValue", "The sandbox serves only the disableApiTermination" + " attribute");
        }
        Decision d = ec2.authorize(call, "DescribeInstanceAttribute", i);
        Ec2Parameters.dryRun(params);
        String xml = new Xml()
                .open("DescribeInstanceAttributeResponse", Ec2Service.XMLNS)
                .element("requestId", call.requestId())
                .element("instanceId", i.id)
                .open("disableApiTermination")
                .element("value", i.disableApiTermination)
                .close("disableApiTermination")
                .close("DescribeInstanceAttributeResponse")
                .toString();
        return Reply.xml(
                "ec2:DescribeInstanceAttribute", Ec2Service.arn(call, i.id), xml, false, d.decidingStatement());
    }

    static Reply modify(Ec2Service ec2, Call call, Map<String, String> params) {
        Instances.Instance i = one(ec2, call, params);
        // Two forms in EC2's API: DisableApiTermination.Value, or Attribute=disableApiTermination with Value.
        String attribute = params.get("Attribute");
        if (attribute != null && !attribute.equals("disableApiTermination")) {
            throw new AwsError(
                    400,
                    "Unsupported",
                    "The sandbox does not model the attribute " + attribute
                            + " of ModifyInstanceAttribute, so it refuses the request rather than ignore it.");
        }
        String value = attribute != null ? params.get("Value") : params.get("DisableApiTermination.Value");
        if (value == null) {
            throw new AwsError(400, "InvalidParameterValue", "The sandbox serves only DisableApiTermination");
        }
        Decision d = ec2.authorize(call, "ModifyInstanceAttribute", i);
        Ec2Parameters.dryRun(params);
        boolean before = i.disableApiTermination;
        i.disableApiTermination = Boolean.parseBoolean(value);
        String xml = new Xml()
                .open("ModifyInstanceAttributeResponse", Ec2Service.XMLNS)
                .element("requestId", call.requestId())
                .element("return", true)
                .close("ModifyInstanceAttributeResponse")
                .toString();
        return Reply.xml(
                "ec2:ModifyInstanceAttribute",
                Ec2Service.arn(call, i.id),
                xml,
                before != i.disableApiTermination,
                d.decidingStatement());
    }
}
