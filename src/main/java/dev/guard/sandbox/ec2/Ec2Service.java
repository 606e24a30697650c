package dev.guard.sandbox.ec2;

import dev.guard.sandbox.iam.AuthorizationMessages;
import dev.guard.sandbox.iam.Decision;
import dev.guard.sandbox.iam.PolicyEvaluator;
import dev.guard.sandbox.iam.Principal;
import dev.guard.sandbox.iam.RequestContext;
import dev.guard.sandbox.server.AwsError;
import dev.guard.sandbox.server.Call;
import dev.guard.sandbox.server.Reply;
import dev.guard.sandbox.server.Service;
import dev.guard.sandbox.server.Xml;
import dev.guard.sandbox.sigv4.Reason;
import dev.guard.sandbox.sts.ConditionKeys;
import dev.guard.sandbox.timing.Speed;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * EC2 instances over EC2's query protocol: DescribeInstances (ids, filters, pagination),
 * RunInstances, Terminate/Stop/StartInstances (DryRun, termination protection, states a start
 * refuses), the disableApiTermination attribute and instance tags (Create/Delete/DescribeTags). Each instance action is authorized per instance ARN with the request's MFA context,
 * so a policy that allows TerminateInstances only with MFA behaves as in AWS.
 */
public final class Ec2Service implements Service {
    static final String XMLNS = "http://ec2.amazonaws.com/doc/2016-11-15/";
    private static final Pattern INSTANCE_ID = Pattern.compile("i-(?:[0-9a-f]{8}|[0-9a-f]{17})");

    private final Instances instances;
    private final Speed speed;
    private final PolicyEvaluator evaluator = new PolicyEvaluator();
    private final AuthorizationMessages messages;

    /** @param speed how long pending, stopping and shutting-down last */
    public Ec2Service(Instances instances, Speed speed) {
        this(instances, speed, new AuthorizationMessages());
    }

    /** @param messages seals the encoded message of UnauthorizedOperation (STS decodes it with the same) */
    public Ec2Service(Instances instances, Speed speed, AuthorizationMessages messages) {
        this.instances = instances;
        this.speed = speed;
        this.messages = messages;
    }

    @Override
    public String signingName() {
        return "ec2";
    }

    @Override
    public AwsError throttlingError() {
        return new AwsError(503, "RequestLimitExceeded", "Request limit exceeded.", false);
    }

    @Override
    public AwsError authenticationError(Reason reason, String message) {
        return switch (reason) {
            case REQUEST_TIME_SKEWED, PRESIGNED_URL_EXPIRED ->
                new AwsError(400, "RequestExpired", "Request has expired.");
            case EXPIRED_TOKEN ->
                new AwsError(400, "RequestExpired", "The security token included in the request is" + " expired");
            case INCOMPLETE_SIGNATURE, MISSING_CONTENT_SHA256 -> new AwsError(400, "IncompleteSignature", message);
            case UNKNOWN_REGION, HEADERS_NOT_SIGNED -> new AwsError(401, "AuthFailure", message);
            default ->
                new AwsError(401, "AuthFailure", "AWS was not able to validate the provided access" + " credentials");
        };
    }

    @Override
    public Reply render(AwsError error, String requestId, String action) {
        String body = new Xml()
                .open("Response")
                .open("Errors")
                .open("Error")
                .element("Code", error.code())
                .element("Message", error.getMessage())
                .close("Error")
                .close("Errors")
                .element("RequestID", requestId)
                .close("Response")
                .toString();
        return new Reply(
                error.status(),
                "text/xml",
                body.getBytes(StandardCharsets.UTF_8),
                Map.of(),
                action,
                "*",
                Optional.empty(),
                false);
    }

    @Override
    public List<String> modelledOperations() {
        // Keep in step with the dispatch in handle(): a test sends every AWS operation and checks.
        return List.of(
                "DescribeInstances",
                "RunInstances",
                "TerminateInstances",
                "StopInstances",
                "StartInstances",
                "DescribeInstanceAttribute",
                "ModifyInstanceAttribute",
                "CreateTags",
                "DeleteTags",
                "DescribeTags");
    }

    @Override
    public Reply handle(Call call) {
        Map<String, String> params = call.formParameters();
        instances.settle(call.now());
        Ec2Parameters.check(params.getOrDefault("Action", ""), params);
        return switch (params.getOrDefault("Action", "")) {
            case "DescribeInstances" -> Describe.instances(this, call, params);
            case "RunInstances" -> RunInstances.run(this, call, params);
            case "TerminateInstances" -> change(call, params, InstanceChange.TERMINATE);
            case "StopInstances" -> change(call, params, InstanceChange.STOP);
            case "StartInstances" -> change(call, params, InstanceChange.START);
            case "DescribeInstanceAttribute" -> Attributes.describe(this, call, params);
            case "ModifyInstanceAttribute" -> Attributes.modify(this, call, params);
            case "CreateTags" -> Tagging.create(this, call, params);
            case "DeleteTags" -> Tagging.delete(this, call, params);
            case "DescribeTags" -> DescribeTags.describe(this, call, params);
            default ->
                throw new AwsError(
                        400,
                        "InvalidAction",
                        "The action " + params.get("Action") + " is not valid for this web service.");
        };
    }

    Instances instances() {
        return instances;
    }

    Speed speed() {
        return speed;
    }

    Decision authorize(Call call, String action, String resource) {
        return authorize(call, action, resource, Map.of());
    }

    /** Authorizes an action on one existing instance, with its tags as resource keys. */
    Decision authorize(Call call, String action, Instances.Instance instance) {
        return authorize(call, action, arn(call, instance.id), resourceTags(instance));
    }

    /**
     * The keys EC2 sets for an existing instance on every action on it: each tag under both
     * {@code aws:ResourceTag/KEY} and {@code ec2:ResourceTag/KEY}, so a policy that denies
     * TerminateInstances on {@code env=prod} protects a production instance whichever it names.
     */
    static Map<String, List<String>> resourceTags(Instances.Instance instance) {
        Map<String, List<String>> keys = new HashMap<>();
        instance.tags.forEach((k, v) -> {
            keys.put("aws:ResourceTag/" + k, List.of(v));
            keys.put("ec2:ResourceTag/" + k, List.of(v));
        });
        return keys;
    }

    /** Authorizes with request-specific condition keys (aws:RequestTag/..., ec2:CreateAction) besides the global ones. */
    Decision authorize(Call call, String action, String resource, Map<String, List<String>> requestKeys) {
        Map<String, List<String>> keys = new HashMap<>(ConditionKeys.of(call));
        // EC2 sets both for every request: policies pin a region with either.
        keys.put("aws:RequestedRegion", List.of(call.region()));
        keys.put("ec2:Region", List.of(call.region()));
        keys.putAll(requestKeys);
        RequestContext context = new RequestContext(call.caller().principal(), "ec2:" + action, resource, keys);
        Decision d = evaluator.identity(
                call.caller().identityPolicies(), call.caller().sessionPolicies(), context);
        call.evaluated("ec2:" + action, resource, d);
        if (!d.allowed()) {
            throw new AwsError(403, "UnauthorizedOperation", unauthorized(call, "ec2:" + action, resource, d, keys))
                    .because(d.decidingStatement(), d.explanation());
        }
        return d;
    }

    /**
     * EC2's wording: who, what, on which resource and why, then the encoded message that
     * sts:DecodeAuthorizationMessage reads. A call on no particular resource (the Describe
     * calls) names none and carries no encoded message, as in AWS.
     */
    private String unauthorized(Call call, String action, String resource, Decision d, Map<String, List<String>> keys) {
        String user = call.caller().principal().arn();
        String prefix = "You are not authorized to perform this operation. ";
        if (resource.equals("*")) {
            return prefix + "User: " + user + " is not authorized to perform: " + action + " " + d.awsReason(action);
        }
        String encoded = messages.encode(new AuthorizationMessages.Denial(
                call.caller().accountId(),
                call.caller().userId(),
                call.caller().principal().kind() == Principal.Kind.USER
                        ? call.caller().userName()
                        : Optional.empty(),
                user,
                action,
                resource,
                d,
                keys));
        return prefix + d.notAuthorized(user, action, resource) + ". Encoded authorization failure message: " + encoded;
    }

    static String arn(Call call, String id) {
        return "arn:aws:ec2:" + call.region() + ":" + call.caller().accountId() + ":instance/" + id;
    }

    /** The InstanceId.N parameters, each well-formed and existing in the caller's account and the signing region. */
    List<Instances.Instance> named(Call call, Map<String, String> params, boolean required) {
        List<String> ids = new ArrayList<>();
        for (int i = 1; params.containsKey("InstanceId." + i); i++) {
            ids.add(params.get("InstanceId." + i));
        }
        if (required && ids.isEmpty()) {
            throw new AwsError(400, "MissingParameter", "The request must contain the parameter InstanceId");
        }
        if (ids.size() > 1000) {
            throw new AwsError(400, "InvalidParameterValue", "Too many instance ids: at most 1000");
        }
        for (String id : ids) {
            if (!INSTANCE_ID.matcher(id).matches()) {
                throw new AwsError(400, "InvalidInstanceID.Malformed", "Invalid id: \"" + id + "\"");
            }
        }
        List<String> missing = ids.stream()
                .filter(id -> instances
                        .find(call.caller().accountId(), call.region(), id)
                        .isEmpty())
                .toList();
        if (!missing.isEmpty()) {
            throw new AwsError(
                    400,
                    "InvalidInstanceID.NotFound",
                    missing.size() == 1
                            ? "The instance ID '" + missing.get(0) + "' does not exist"
                            : "The instance IDs '" + String.join(", ", missing) + "' do not exist");
        }
        return ids.stream()
                .map(id -> instances
                        .find(call.caller().accountId(), call.region(), id)
                        .orElseThrow())
                .toList();
    }

    private Reply change(Call call, Map<String, String> params, InstanceChange change) {
        List<Instances.Instance> targets = named(call, params, true);
        Optional<String> statement = Optional.empty();
        for (Instances.Instance i : targets) {
            statement = authorize(call, change.action, i).decidingStatement();
        }
        Ec2Parameters.dryRun(params);
        targets.forEach(change::check);
        String tag = change.responseElement();
        Xml xml = new Xml()
                .open(tag, XMLNS)
                .element("requestId", call.requestId())
                .open("instancesSet");
        boolean mutated = false;
        for (Instances.Instance i : targets) {
            String previous = i.state;
            InstanceChange.Transition t = change.transition(previous);
            if (t.changes()) {
                instances.begin(i, t.reported(), speed.settles(call.now(), change.base));
                mutated = true;
            }
            if (change == InstanceChange.START && previous.equals("stopped")) {
                i.launched = call.now();
            }
            xml.open("item").element("instanceId", i.id);
            state(xml, "currentState", t.reported());
            state(xml, "previousState", previous);
            xml.close("item");
        }
        xml.close("instancesSet").close(tag);
        String resource = targets.size() == 1 ? arn(call, targets.get(0).id) : arn(call, "*");
        return Reply.xml("ec2:" + change.action, resource, xml.toString(), mutated, statement);
    }

    static void state(Xml xml, String element, String name) {
        xml.open(element)
                .element("code", Instances.Instance.code(name))
                .element("name", name)
                .close(element);
    }
}
