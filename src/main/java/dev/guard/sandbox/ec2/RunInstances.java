package dev.guard.sandbox.ec2;

import dev.guard.sandbox.iam.Decision;
import dev.guard.sandbox.server.AwsError;
import dev.guard.sandbox.server.Call;
import dev.guard.sandbox.server.Reply;
import dev.guard.sandbox.server.Xml;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * RunInstances: any well-formed AMI id, an instance type (m1.small when none is given, AWS's
 * documented default), MinCount/MaxCount against the account's quota, tags on create, termination
 * protection and DryRun. Authorized as AWS does for the parts the sandbox models: ec2:RunInstances on
 * the instance resource, and ec2:CreateTags (with ec2:CreateAction=RunInstances) when tags are given.
 */
final class RunInstances {
    static final String DEFAULT_TYPE = "m1.small";
    private static final Pattern IMAGE_ID = Pattern.compile("ami-[0-9a-f]{8,17}");
    private static final Pattern INSTANCE_TYPE = Pattern.compile("[a-z][a-z0-9-]*\\.[a-z0-9-]+");
    // Types RunInstances can tag; only "instance" is modelled (the others are refused as Unsupported).
    private static final Set<String> TAGGABLE =
            Set.of("instance", "volume", "network-interface", "spot-instances-request", "elastic-gpu");
    private static final int MAX_TAGS = 50;

    private RunInstances() {}

    static Reply run(Ec2Service ec2, Call call, Map<String, String> params) {
        String imageId = params.get("ImageId");
        if (imageId == null || imageId.isEmpty()) {
            throw new AwsError(400, "MissingParameter", "The request must contain the parameter ImageId");
        }
        if (!IMAGE_ID.matcher(imageId).matches()) {
            throw new AwsError(
                    400, "InvalidAMIID.Malformed", "Invalid id: \"" + imageId + "\" (expecting \"ami-...\")");
        }
        String type = params.getOrDefault("InstanceType", DEFAULT_TYPE);
        if (!INSTANCE_TYPE.matcher(type).matches()) {
            throw new AwsError(400, "InvalidParameterValue", "Invalid value '" + type + "' for InstanceType.");
        }
        int min = count(params, "MinCount");
        int max = count(params, "MaxCount");
        if (min > max) {
            throw new AwsError(
                    400,
                    "InvalidParameterValue",
                    "Invalid value '" + min + "' for minCount. Must be less than or equal to maxCount.");
        }
        Map<String, String> tags = instanceTags(params);
        boolean protect = bool(params, "DisableApiTermination");

        String resource = Ec2Service.arn(call, "*");
        Map<String, List<String>> requestTags = requestTagKeys(tags);
        Decision d = ec2.authorize(call, "RunInstances", resource, requestTags);
        if (!tags.isEmpty()) {
            Map<String, List<String>> tagging = new LinkedHashMap<>(requestTags);
            tagging.put("ec2:CreateAction", List.of("RunInstances"));
            ec2.authorize(call, "CreateTags", resource, tagging);
        }
        Ec2Parameters.dryRun(params);
        Optional<Instant> runningAt = ec2.speed().settles(call.now(), InstanceChange.START.base);
        String account = call.caller().accountId();
        // ClientToken makes the launch idempotent, as in EC2: a retry with the same token (the SDKs
        // and the CLI send one and keep it across their retries) answers the first launch again.
        Optional<String> token = Optional.ofNullable(params.get("ClientToken")).filter(t -> !t.isEmpty());
        Optional<List<Instances.Instance>> earlier =
                token.flatMap(t -> ec2.instances().launchedWith(account, call.region(), t));
        boolean fresh = earlier.isEmpty();
        List<Instances.Instance> started = earlier.orElseGet(() -> ec2.instances()
                .launch(account, call.region(), min, max, type, imageId, tags, protect, call.now(), runningAt));
        token.filter(t -> fresh).ifPresent(t -> ec2.instances().remember(account, call.region(), t, started));

        return answer(call, started, fresh, resource, d);
    }

    /** The reservation launched (or, for a retried ClientToken, launched before), as EC2 answers it. */
    private static Reply answer(
            Call call, List<Instances.Instance> started, boolean fresh, String resource, Decision d) {
        Xml xml = new Xml()
                .open("RunInstancesResponse", Ec2Service.XMLNS)
                .element("requestId", call.requestId())
                .element("reservationId", started.get(0).reservationId)
                .element("ownerId", call.caller().accountId())
                .open("groupSet")
                .close("groupSet")
                .open("instancesSet");
        for (int n = 0; n < started.size(); n++) {
            Describe.instance(xml, started.get(n), fresh ? "pending" : started.get(n).state, n);
        }
        xml.close("instancesSet").close("RunInstancesResponse");
        return Reply.xml(
                "ec2:RunInstances",
                started.size() == 1 ? Ec2Service.arn(call, started.get(0).id) : resource,
                xml.toString(),
                fresh,
                d.decidingStatement());
    }

    private static int count(Map<String, String> params, String name) {
        String text = params.get(name);
        if (text == null || text.isEmpty()) {
            throw new AwsError(400, "MissingParameter", "The request must contain the parameter " + name);
        }
        String param = Character.toLowerCase(name.charAt(0)) + name.substring(1);
        int value;
        try {
            value = Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new AwsError(400, "InvalidParameterValue", "Invalid value '" + text + "' for " + param + ".");
        }
        if (value < 1) {
            throw new AwsError(
                    400,
                    "InvalidParameterValue",
                    "Value (" + value + ") for parameter " + param + " is invalid. Expecting a value greater than 0.");
        }
        return value;
    }

    private static boolean bool(Map<String, String> params, String name) {
        String text = params.get(name);
        if (text == null || text.equalsIgnoreCase("false")) {
            return false;
        }
        if (text.equalsIgnoreCase("true")) {
            return true;
        }
        throw new AwsError(400, "InvalidParameterValue", "Invalid value '" + text + "' for " + name + ".");
    }

    /** The tags of every TagSpecification.N (each must be for "instance"), in order. */
    private static Map<String, String> instanceTags(Map<String, String> params) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (int s = 1; hasSpec(params, s); s++) {
            String prefix = "TagSpecification." + s + ".";
            String resourceType = params.get(prefix + "ResourceType");
            if (resourceType == null) {
                throw new AwsError(
                        400,
                        "MissingParameter",
                        "The request must contain the parameter TagSpecification.ResourceType");
            }
            if (!TAGGABLE.contains(resourceType)) {
                throw new AwsError(
                        400,
                        "InvalidParameterValue",
                        "'" + resourceType + "' is not a valid taggable resource type for this operation.");
            }
            Map<String, String> spec = new LinkedHashMap<>();
            for (int t = 1; params.containsKey(prefix + "Tag." + t + ".Key"); t++) {
                String key = params.get(prefix + "Tag." + t + ".Key");
                String value = params.getOrDefault(prefix + "Tag." + t + ".Value", "");
                checkTag(key, value);
                if (spec.put(key, value) != null) {
                    throw new AwsError(400, "InvalidParameterValue", "Duplicate tag key '" + key + "' specified.");
                }
            }
            if (spec.size() > MAX_TAGS) {
                throw new AwsError(
                        400, "TagLimitExceeded", "The maximum number of Tags for a resource has been reached.");
            }
            if (!resourceType.equals("instance")) {
                // AWS would tag that resource (and authorize ec2:CreateTags on its ARN); the sandbox
                // models no volumes or ENIs, so it refuses rather than drop the tags.
                throw new AwsError(
                        400,
                        "Unsupported",
                        "The sandbox does not model " + resourceType + " resources, so it refuses"
                                + " TagSpecification." + s + " rather than ignore it.");
            }
            tags.putAll(spec);
        }
        return tags;
    }

    private static boolean hasSpec(Map<String, String> params, int s) {
        String prefix = "TagSpecification." + s + ".";
        return params.keySet().stream().anyMatch(k -> k.startsWith(prefix));
    }

    /** AWS's limits on one tag (shared with CreateTags and DeleteTags). */
    static void checkTag(String key, String value) {
        requireTagCharacters("key", key, key);
        requireTagCharacters("value", key, value);
        if (key.isEmpty() || key.length() > 128) {
            throw new AwsError(
                    400, "InvalidParameterValue", "Tag key must be between 1 and 128 characters long: '" + key + "'");
        }
        if (key.regionMatches(true, 0, "aws:", 0, 4)) {
            throw new AwsError(
                    400,
                    "InvalidParameterValue",
                    "Tag keys starting with 'aws:' are reserved for internal use: '" + key + "'");
        }
        if (value.length() > 256) {
            throw new AwsError(
                    400, "InvalidParameterValue", "Tag value may be at most 256 characters long (key '" + key + "')");
        }
    }

    /**
     * AWS's tag character rule: Unicode letters, digits and white space, and {@code _ . : / = + - @}.
     * Control characters would otherwise be stored and answered in XML no parser accepts.
     */
    private static void requireTagCharacters(String part, String key, String text) {
        text.codePoints()
                .filter(c -> !Character.isLetter(c)
                        && !Character.isDigit(c)
                        && !Character.isSpaceChar(c)
                        && "_.:/=+-@".indexOf(c) < 0)
                .findFirst()
                .ifPresent(c -> {
                    throw new AwsError(
                            400,
                            "InvalidParameterValue",
                            String.format(
                                    "Tag %s%s has a character that is not allowed, U+%04X: tags may contain Unicode"
                                            + " letters, digits, white space and _ . : / = + - @",
                                    part, part.equals("key") ? "" : " of key '" + key + "'", c));
                });
    }

    /** aws:RequestTag/KEY and aws:TagKeys, as AWS sets them for a request that creates tags. */
    private static Map<String, List<String>> requestTagKeys(Map<String, String> tags) {
        Map<String, List<String>> keys = new LinkedHashMap<>();
        if (!tags.isEmpty()) {
            tags.forEach((k, v) -> keys.put("aws:RequestTag/" + k, List.of(v)));
            keys.put("aws:TagKeys", new ArrayList<>(tags.keySet()));
        }
        return keys;
    }
}
