package dev.guard.sandbox.ec2;

import dev.guard.sandbox.iam.Decision;
import dev.guard.sandbox.server.AwsError;
import dev.guard.sandbox.server.Call;
import dev.guard.sandbox.server.Reply;
import dev.guard.sandbox.server.Xml;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * DescribeInstances in the signing region: ids, filters (instance-id, instance-state-name and -code,
 * instance-type, image-id, reservation-id, owner-id, availability-zone, tag:KEY, tag-key, tag-value),
 * pagination and DryRun.
 */
final class Describe {
    private Describe() {}

    static Reply instances(Ec2Service ec2, Call call, Map<String, String> params) {
        Decision d = ec2.authorize(call, "DescribeInstances", "*");
        Ec2Parameters.dryRun(params);
        List<Instances.Instance> named = ec2.named(call, params, false);
        Predicate<Instances.Instance> filter = filters(params);
        List<Instances.Instance> all = new ArrayList<>();
        List<Instances.Instance> scope =
                named.isEmpty() ? ec2.instances().in(call.caller().accountId(), call.region()) : named;
        for (Instances.Instance i : scope) {
            if (filter.test(i)) {
                all.add(i);
            }
        }
        int max = maxResults(params, !named.isEmpty(), all.size());
        int from = params.containsKey("NextToken") ? Integer.parseInt(params.get("NextToken")) : 0;
        int to = Math.min(all.size(), from + max);
        Xml xml = new Xml()
                .open("DescribeInstancesResponse", Ec2Service.XMLNS)
                .element("requestId", call.requestId())
                .open("reservationSet");
        // Instances launched together share a reservation, as in AWS; ids keep them adjacent.
        String open = null;
        int index = 0;
        for (Instances.Instance i : all.subList(Math.min(from, to), to)) {
            if (!i.reservationId.equals(open)) {
                if (open != null) {
                    xml.close("instancesSet").close("item");
                }
                open = i.reservationId;
                index = 0;
                xml.open("item")
                        .element("reservationId", i.reservationId)
                        .element("ownerId", i.account)
                        .open("instancesSet");
            }
            instance(xml, i, i.state, index++);
        }
        if (open != null) {
            xml.close("instancesSet").close("item");
        }
        xml.close("reservationSet");
        if (to < all.size()) {
            xml.element("nextToken", Integer.toString(to));
        }
        xml.close("DescribeInstancesResponse");
        return Reply.xml("ec2:DescribeInstances", "*", xml.toString(), false, d.decidingStatement());
    }

    /** MaxResults: 5 to 1000, and not with instance ids; {@code all} when absent. */
    private static int maxResults(Map<String, String> params, boolean named, int all) {
        if (!params.containsKey("MaxResults")) {
            return all;
        }
        if (named) {
            throw new AwsError(
                    400,
                    "InvalidParameterCombination",
                    "The parameter instancesSet cannot be used with" + " the parameter maxResults");
        }
        int max = Integer.parseInt(params.get("MaxResults"));
        if (max < 5 || max > 1000) {
            throw new AwsError(
                    400,
                    "InvalidParameterValue",
                    "Value ( " + max + " ) for parameter maxResults is"
                            + " invalid. Expecting a value between 5 and 1000.");
        }
        return max;
    }

    /** One filter EC2 defines and the sandbox models; any other name is refused as EC2 refuses an unknown one. */
    private static Predicate<Instances.Instance> filter(String name, List<String> values) {
        if (name.startsWith("tag:")) {
            String key = name.substring(4);
            return i -> i.tags.containsKey(key) && values.contains(i.tags.get(key));
        }
        return switch (name) {
            case "instance-id" -> i -> values.contains(i.id);
            case "instance-state-name" -> i -> values.contains(i.state);
            case "instance-state-code" -> i -> values.contains(Integer.toString(Instances.Instance.code(i.state)));
            case "instance-type" -> i -> values.contains(i.type);
            case "image-id" -> i -> values.contains(i.imageId);
            case "reservation-id" -> i -> values.contains(i.reservationId);
            case "owner-id" -> i -> values.contains(i.account);
            case "availability-zone" -> i -> values.contains(i.region + "a");
            case "tag-key" -> i -> values.stream().anyMatch(i.tags::containsKey);
            case "tag-value" -> i -> values.stream().anyMatch(i.tags::containsValue);
            default -> throw new AwsError(400, "InvalidParameterValue", "The filter '" + name + "' is invalid");
        };
    }

    /** One instancesSet item, as DescribeInstances and RunInstances answer it. */
    static void instance(Xml xml, Instances.Instance i, String state, int launchIndex) {
        xml.open("item")
                .element("instanceId", i.id)
                .element("imageId", i.imageId)
                .element("instanceType", i.type)
                .element("amiLaunchIndex", launchIndex)
                .element("launchTime", i.launched.toString());
        Ec2Service.state(xml, "instanceState", state);
        xml.open("placement").element("availabilityZone", i.region + "a").close("placement");
        xml.open("tagSet");
        i.tags.forEach(
                (k, v) -> xml.open("item").element("key", k).element("value", v).close("item"));
        xml.close("tagSet").close("item");
    }

    private static Predicate<Instances.Instance> filters(Map<String, String> params) {
        Predicate<Instances.Instance> all = i -> true;
        for (int f = 1; params.containsKey("Filter." + f + ".Name"); f++) {
            String name = params.get("Filter." + f + ".Name");
            List<String> values = new ArrayList<>();
            for (int v = 1; params.containsKey("Filter." + f + ".Value." + v); v++) {
                values.add(params.get("Filter." + f + ".Value." + v));
            }
            Predicate<Instances.Instance> one = filter(name, values);
            all = all.and(one);
        }
        return all;
    }
}
