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
import java.util.regex.Pattern;

/**
 * DescribeTags over the caller's instances: filters resource-id, resource-type, key and value
 * (with EC2's {@code *} and {@code ?} wildcards), MaxResults and NextToken.
 */
final class DescribeTags {
    /** One tag of one instance, as a tagSet item. */
    private record Row(String resourceId, String key, String value) {}

    private DescribeTags() {}

    static Reply describe(Ec2Service ec2, Call call, Map<String, String> params) {
        Decision d = ec2.authorize(call, "DescribeTags", "*");
        Ec2Parameters.dryRun(params);
        Predicate<Row> filter = filters(params);
        List<Row> rows = new ArrayList<>();
        for (Instances.Instance i : ec2.instances().in(call.caller().accountId(), call.region())) {
            i.tags.forEach((k, v) -> rows.add(new Row(i.id, k, v)));
        }
        List<Row> all = rows.stream().filter(filter).toList();
        int max = all.size();
        if (params.containsKey("MaxResults")) {
            max = number(params.get("MaxResults"), "maxResults");
            if (max < 5 || max > 1000) {
                throw new AwsError(
                        400,
                        "InvalidParameterValue",
                        "Value ( " + max + " ) for parameter maxResults is invalid. Expecting a value between 5 and"
                                + " 1000.");
            }
        }
        int from = params.containsKey("NextToken") ? number(params.get("NextToken"), "nextToken") : 0;
        int to = Math.min(all.size(), from + max);
        Xml xml = new Xml()
                .open("DescribeTagsResponse", Ec2Service.XMLNS)
                .element("requestId", call.requestId())
                .open("tagSet");
        for (Row r : all.subList(Math.min(from, to), to)) {
            xml.open("item")
                    .element("resourceId", r.resourceId())
                    .element("resourceType", "instance")
                    .element("key", r.key())
                    .element("value", r.value())
                    .close("item");
        }
        xml.close("tagSet");
        if (to < all.size()) {
            xml.element("nextToken", Integer.toString(to));
        }
        xml.close("DescribeTagsResponse");
        return Reply.xml("ec2:DescribeTags", "*", xml.toString(), false, d.decidingStatement());
    }

    private static int number(String text, String name) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new AwsError(400, "InvalidParameterValue", "Invalid value '" + text + "' for " + name + ".");
        }
    }

    private static Predicate<Row> filters(Map<String, String> params) {
        Predicate<Row> all = r -> true;
        for (int f = 1; params.containsKey("Filter." + f + ".Name"); f++) {
            String name = params.get("Filter." + f + ".Name");
            List<Pattern> values = new ArrayList<>();
            for (int v = 1; params.containsKey("Filter." + f + ".Value." + v); v++) {
                values.add(wildcard(params.get("Filter." + f + ".Value." + v)));
            }
            java.util.function.Function<Row, String> field = switch (name) {
                case "resource-id" -> Row::resourceId;
                case "resource-type" -> r -> "instance";
                case "key" -> Row::key;
                case "value" -> Row::value;
                default -> throw new AwsError(400, "InvalidParameterValue", "The filter '" + name + "' is invalid");
            };
            all = all.and(
                    r -> values.stream().anyMatch(p -> p.matcher(field.apply(r)).matches()));
        }
        return all;
    }

    /** EC2's filter wildcards: {@code *} any run, {@code ?} one character, {@code \} escapes. */
    private static Pattern wildcard(String value) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length()) {
                re.append(Pattern.quote(String.valueOf(value.charAt(++i))));
            } else if (c == '*') {
                re.append(".*");
            } else if (c == '?') {
                re.append('.');
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }
}
