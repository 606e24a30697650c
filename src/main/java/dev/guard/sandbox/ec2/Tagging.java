package dev.guard.sandbox.ec2;

import dev.guard.sandbox.server.AwsError;
import dev.guard.sandbox.server.Call;
import dev.guard.sandbox.server.Reply;
import dev.guard.sandbox.server.Xml;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CreateTags and DeleteTags on instances, as EC2 answers them: {@code ResourceId.N},
 * {@code Tag.N.Key}/{@code Tag.N.Value}, all or nothing across the named resources. Each instance
 * is authorized as ec2:CreateTags/ec2:DeleteTags on its ARN with the keys AWS gives
 * ({@code aws:RequestTag/KEY}, {@code aws:TagKeys}, and the instance's present tags as
 * {@code aws:ResourceTag/KEY} and {@code ec2:ResourceTag/KEY}); never
 * {@code ec2:CreateAction}, which only RunInstances sets, so an Allow scoped to launches does not
 * let a later tag change through.
 */
final class Tagging {
    private static final Pattern INSTANCE_ID = Pattern.compile("i-(?:[0-9a-f]{8}|[0-9a-f]{17})");
    private static final Pattern RESOURCE_ID = Pattern.compile("([a-z]+(?:-[a-z]+)*)-[0-9a-f]{8,17}");
    private static final int MAX_RESOURCES = 1000;
    private static final int MAX_TAGS = 50;

    /**
     * Resource types EC2 tags that the sandbox does not model: an id of one is refused with the
     * error EC2 gives a missing resource of that type, never silently accepted.
     */
    private static final Map<String, String[]> UNMODELLED = Map.of(
            "ami",
            new String[] {"InvalidAMIID.NotFound", "The image id '[%s]' does not exist"},
            "vol",
            new String[] {"InvalidVolume.NotFound", "The volume '%s' does not exist."},
            "snap",
            new String[] {"InvalidSnapshot.NotFound", "The snapshot '%s' does not exist."},
            "sg",
            new String[] {"InvalidGroup.NotFound", "The security group '%s' does not exist"},
            "subnet",
            new String[] {"InvalidSubnetID.NotFound", "The subnet ID '%s' does not exist"},
            "vpc",
            new String[] {"InvalidVpcID.NotFound", "The vpc ID '%s' does not exist"},
            "eni",
            new String[] {"InvalidNetworkInterfaceID.NotFound", "The networkInterface ID '%s' does not exist"});

    private Tagging() {}

    static Reply create(Ec2Service ec2, Call call, Map<String, String> params) {
        List<Instances.Instance> targets = resources(ec2, call, params);
        Map<String, String> tags = tags(params, true);
        if (tags.isEmpty()) {
            throw new AwsError(400, "MissingParameter", "The request must contain the parameter tagSet");
        }
        Map<String, List<String>> keys = new LinkedHashMap<>();
        tags.forEach((k, v) -> keys.put("aws:RequestTag/" + k, List.of(v)));
        keys.put("aws:TagKeys", List.copyOf(tags.keySet()));
        Optional<String> statement = authorize(ec2, call, "CreateTags", targets, keys);
        Ec2Parameters.dryRun(params);
        boolean changed = ec2.instances().retag(targets, now -> {
            now.putAll(tags);
            if (now.size() > MAX_TAGS) {
                throw new AwsError(
                        400, "TagLimitExceeded", "The maximum number of Tags for a resource has been reached.");
            }
            return now;
        });
        return answer(call, "CreateTags", targets, changed, statement);
    }

    /**
     * A key alone deletes the tag whatever its value; a key with a value (even empty) only when
     * the value matches; no Tag.N at all deletes every tag of the resources, as EC2 does.
     */
    static Reply delete(Ec2Service ec2, Call call, Map<String, String> params) {
        List<Instances.Instance> targets = resources(ec2, call, params);
        Map<String, String> tags = tags(params, false);
        Map<String, List<String>> keys = new LinkedHashMap<>();
        tags.forEach((k, v) -> {
            if (v != null) {
                keys.put("aws:RequestTag/" + k, List.of(v));
            }
        });
        if (!tags.isEmpty()) {
            keys.put("aws:TagKeys", List.copyOf(tags.keySet()));
        }
        Optional<String> statement = authorize(ec2, call, "DeleteTags", targets, keys);
        Ec2Parameters.dryRun(params);
        UnaryOperator<Map<String, String>> removal = now -> {
            if (tags.isEmpty()) {
                now.clear();
            }
            tags.forEach((k, v) -> {
                if (v == null || v.equals(now.get(k))) {
                    now.remove(k);
                }
            });
            return now;
        };
        boolean changed = ec2.instances().retag(targets, removal);
        return answer(call, "DeleteTags", targets, changed, statement);
    }

    /** The ResourceId.N parameters: each an instance of the caller's account, or refused as EC2 would. */
    private static List<Instances.Instance> resources(Ec2Service ec2, Call call, Map<String, String> params) {
        List<String> ids = new ArrayList<>();
        for (int i = 1; params.containsKey("ResourceId." + i); i++) {
            ids.add(params.get("ResourceId." + i));
        }
        if (ids.isEmpty()) {
            throw new AwsError(400, "MissingParameter", "The request must contain the parameter resourceIdSet");
        }
        if (ids.size() > MAX_RESOURCES) {
            throw new AwsError(400, "InvalidParameterValue", "Too many resource ids: at most " + MAX_RESOURCES);
        }
        for (String id : ids) {
            Matcher m = RESOURCE_ID.matcher(id);
            if (!m.matches()
                    || m.group(1).equals("i") && !INSTANCE_ID.matcher(id).matches()) {
                throw new AwsError(400, "InvalidID", "The ID '" + id + "' is not valid");
            }
            if (!m.group(1).equals("i")) {
                String[] notFound = UNMODELLED.get(m.group(1));
                if (notFound == null) {
                    throw new AwsError(400, "InvalidID", "The ID '" + id + "' is not valid");
                }
                throw new AwsError(400, notFound[0], String.format(notFound[1], id));
            }
        }
        Map<String, String> asInstances = new LinkedHashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            asInstances.put("InstanceId." + (i + 1), ids.get(i));
        }
        // Duplicates name one instance once, as EC2 applies a tag to a resource once.
        return ec2.named(call, asInstances, true).stream().distinct().toList();
    }

    /** Tag.N.Key and Tag.N.Value in order; a value absent is null (DeleteTags: any value). */
    private static Map<String, String> tags(Map<String, String> params, boolean valueRequired) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (int t = 1; params.containsKey("Tag." + t + ".Key"); t++) {
            String key = params.get("Tag." + t + ".Key");
            String value = params.get("Tag." + t + ".Value");
            if (value == null && valueRequired) {
                throw new AwsError(400, "InvalidParameterValue", "Tag value cannot be null. Use empty string instead.");
            }
            RunInstances.checkTag(key, value == null ? "" : value);
            if (tags.containsKey(key)) {
                throw new AwsError(400, "InvalidParameterValue", "Duplicate tag key '" + key + "' specified.");
            }
            tags.put(key, value);
        }
        return tags;
    }

    private static Optional<String> authorize(
            Ec2Service ec2,
            Call call,
            String action,
            List<Instances.Instance> targets,
            Map<String, List<String>> requestKeys) {
        Optional<String> statement = Optional.empty();
        for (Instances.Instance i : targets) {
            Map<String, List<String>> keys = new LinkedHashMap<>(requestKeys);
            keys.putAll(Ec2Service.resourceTags(i));
            statement = ec2.authorize(call, action, Ec2Service.arn(call, i.id), keys)
                    .decidingStatement();
        }
        return statement;
    }

    private static Reply answer(
            Call call, String action, List<Instances.Instance> targets, boolean changed, Optional<String> statement) {
        String xml = new Xml()
                .open(action + "Response", Ec2Service.XMLNS)
                .element("requestId", call.requestId())
                .element("return", true)
                .close(action + "Response")
                .toString();
        String resource = targets.size() == 1 ? Ec2Service.arn(call, targets.get(0).id) : Ec2Service.arn(call, "*");
        return Reply.xml("ec2:" + action, resource, xml, changed, statement);
    }
}
