package dev.guard.sandbox.iamapi;

import dev.guard.sandbox.iam.Decision;
import dev.guard.sandbox.iam.NamedPolicy;
import dev.guard.sandbox.iam.PolicyEvaluator;
import dev.guard.sandbox.iam.Principal;
import dev.guard.sandbox.iam.RequestContext;
import dev.guard.sandbox.server.AwsError;
import dev.guard.sandbox.server.QueryProtocol;
import dev.guard.sandbox.server.Xml;
import dev.guard.sandbox.state.IamDirectory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SimulatePrincipalPolicy over the identity-based policies of a user (its own and its groups') or
 * a role, with the caller's ContextEntries as the only condition keys, as IAM's simulator does.
 * Resource-based policies are not part of it (AWS includes one only when ResourcePolicy is passed,
 * which the sandbox refuses rather than ignore). One result per action, the most restrictive
 * across the resources, with each resource's decision in ResourceSpecificResults.
 */
final class PrincipalPolicySimulation {
    private static final Pattern SOURCE = Pattern.compile("arn:aws:iam::(\\d{12}):(user|role)/(?:[^/]+/)*([^/]+)");
    private static final Set<String> CONTEXT_TYPES = Set.of(
            "string",
            "stringList",
            "numeric",
            "numericList",
            "boolean",
            "booleanList",
            "ip",
            "ipList",
            "binary",
            "binaryList",
            "date",
            "dateList");

    /** Whose policies are simulated, and where each policy comes from (user, group or role). */
    record Source(String arn, Principal principal, List<NamedPolicy> policies, Function<String, String> policyType) {}

    private final PolicyEvaluator evaluator = new PolicyEvaluator();

    /** The user or role {@code arn} names, looked up in {@code accountId} (IAM answers for the caller's account). */
    static Source source(IamDirectory iam, String arn, String accountId) {
        Matcher m = SOURCE.matcher(arn);
        if (!m.matches()) {
            throw new AwsError(400, "InvalidInput", "Invalid ARN: " + arn + " is not the ARN of a user or a role.");
        }
        boolean user = m.group(2).equals("user");
        String kind = user ? "user" : "role";
        AwsError missing =
                new AwsError(404, "NoSuchEntity", "The " + kind + " with name " + m.group(3) + " cannot be found.");
        if (!m.group(1).equals(accountId)) {
            throw missing;
        }
        if (user) {
            IamDirectory.User u = iam.user(arn).orElseThrow(() -> missing);
            return new Source(
                    arn,
                    new Principal(arn, accountId, Principal.Kind.USER),
                    u.policies(),
                    name -> u.groupPolicies().contains(name) ? "group" : "user");
        }
        IamDirectory.Role r = iam.role(arn).orElseThrow(() -> missing);
        return new Source(
                arn, new Principal(arn, accountId, Principal.Kind.ASSUMED_ROLE), r.policies(), name -> "role");
    }

    String simulate(Source source, Map<String, String> params, String requestId) {
        if (params.containsKey("ResourcePolicy")) {
            throw new AwsError(
                    400,
                    "InvalidInput",
                    "The sandbox simulates identity-based policies only; ResourcePolicy is not supported.");
        }
        List<String> actions = members(params, "ActionNames.member.");
        if (actions.isEmpty()) {
            throw AwsError.validation("1 validation error detected: Value null at 'actionNames' failed to satisfy"
                    + " constraint: Member must not be null");
        }
        for (String action : actions) {
            if (!action.matches("[A-Za-z0-9-]+:[A-Za-z0-9*?]+")) {
                throw new AwsError(400, "InvalidInput", "Invalid action name: " + action);
            }
        }
        List<String> resources = members(params, "ResourceArns.member.");
        Map<String, List<String>> context = contextEntries(params);

        Xml xml =
                QueryProtocol.begin("SimulatePrincipalPolicy", IamService.XMLNS).open("EvaluationResults");
        for (String action : actions) {
            List<Outcome> outcomes = new ArrayList<>();
            for (String resource : resources.isEmpty() ? List.of("*") : resources) {
                RequestContext ctx = new RequestContext(source.principal(), action, resource, context);
                outcomes.add(new Outcome(
                        resource,
                        evaluator.identity(source.policies(), ctx),
                        evaluator.missingContextKeys(source.policies(), ctx)));
            }
            Outcome worst = outcomes.stream()
                    .max((a, b) -> Integer.compare(severity(a.decision()), severity(b.decision())))
                    .orElseThrow();
            xml.open("member")
                    .element("EvalActionName", action)
                    .element("EvalResourceName", resources.size() == 1 ? resources.get(0) : "*")
                    .element("EvalDecision", name(worst.decision()));
            details(xml, source, worst);
            if (!resources.isEmpty()) {
                xml.open("ResourceSpecificResults");
                for (Outcome o : outcomes) {
                    xml.open("member")
                            .element("EvalResourceName", o.resource())
                            .element("EvalResourceDecision", name(o.decision()));
                    details(xml, source, o);
                    xml.close("member");
                }
                xml.close("ResourceSpecificResults");
            }
            xml.close("member");
        }
        xml.close("EvaluationResults").element("IsTruncated", false);
        return QueryProtocol.end(xml, "SimulatePrincipalPolicy", requestId);
    }

    private record Outcome(String resource, Decision decision, List<String> missing) {}

    /** MatchedStatements (the deciding statement; AWS may list every one that allowed) and MissingContextValues. */
    private static void details(Xml xml, Source source, Outcome o) {
        xml.open("MatchedStatements");
        o.decision().decidingStatement().ifPresent(label -> {
            String policy = label.substring(0, label.lastIndexOf('#'));
            xml.open("member")
                    .element("SourcePolicyId", policy)
                    .element("SourcePolicyType", source.policyType().apply(policy))
                    .close("member");
        });
        xml.close("MatchedStatements").open("MissingContextValues");
        o.missing().forEach(k -> xml.element("member", k));
        xml.close("MissingContextValues");
    }

    private static int severity(Decision d) {
        return switch (d.outcome()) {
            case ALLOW -> 0;
            case IMPLICIT_DENY -> 1;
            case EXPLICIT_DENY -> 2;
        };
    }

    private static String name(Decision d) {
        return switch (d.outcome()) {
            case ALLOW -> "allowed";
            case IMPLICIT_DENY -> "implicitDeny";
            case EXPLICIT_DENY -> "explicitDeny";
        };
    }

    private static List<String> members(Map<String, String> params, String prefix) {
        List<String> out = new ArrayList<>();
        for (int i = 1; params.containsKey(prefix + i); i++) {
            out.add(params.get(prefix + i));
        }
        return out;
    }

    private static Map<String, List<String>> contextEntries(Map<String, String> params) {
        Map<String, List<String>> keys = new LinkedHashMap<>();
        for (int i = 1; params.containsKey("ContextEntries.member." + i + ".ContextKeyName"); i++) {
            String prefix = "ContextEntries.member." + i + ".";
            String name = params.get(prefix + "ContextKeyName");
            String type = params.get(prefix + "ContextKeyType");
            if (type == null || !CONTEXT_TYPES.contains(type)) {
                throw new AwsError(
                        400, "InvalidInput", "Invalid ContextKeyType '" + type + "' for context key " + name + ".");
            }
            List<String> values = members(params, prefix + "ContextKeyValues.member.");
            if (type.startsWith("boolean")) {
                values = values.stream()
                        .map(v -> v.toLowerCase(java.util.Locale.ROOT))
                        .toList();
                if (!values.stream().allMatch(v -> v.equals("true") || v.equals("false"))) {
                    throw new AwsError(
                            400,
                            "InvalidInput",
                            "Context key " + name + " is boolean but has a value other than true/false.");
                }
            }
            keys.put(name, values);
        }
        return keys;
    }
}
