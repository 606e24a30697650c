package dev.guard.sandbox.organizations;

import dev.guard.sandbox.iam.Decision;
import dev.guard.sandbox.iam.PolicyEvaluator;
import dev.guard.sandbox.iam.RequestContext;
import dev.guard.sandbox.seed.SeedWorld;
import dev.guard.sandbox.server.AwsError;
import dev.guard.sandbox.server.Call;
import dev.guard.sandbox.server.JsonBody;
import dev.guard.sandbox.server.Reply;
import dev.guard.sandbox.server.Service;
import dev.guard.sandbox.sigv4.Reason;
import dev.guard.sandbox.sts.ConditionKeys;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * AWS Organizations over JSON 1.1 ({@code X-Amz-Target: AWSOrganizationsV20161128.Op}, signing
 * name organizations, us-east-1): the read calls that show who is in the organization, where, and
 * with which tags. Only the management account's principals get answers (a member account's are
 * refused, as AWS refuses them), after their identity policies allow the action on the resource
 * the Service Authorization Reference names. Nothing here changes anything.
 */
public final class OrganizationsService implements Service {
    static final String TARGET_PREFIX = "AWSOrganizationsV20161128.";
    private static final String CONTENT_TYPE = "application/x-amz-json-1.1";
    private static final Pattern PARENT_ID = Pattern.compile("r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}");
    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");
    private static final Pattern CHILD_ID = Pattern.compile("\\d{12}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}");
    private static final Pattern OU_ID = Pattern.compile("ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}");
    private static final Pattern TAGGABLE_ID = Pattern.compile(
            "r-[0-9a-z]{4,32}|\\d{12}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|p-[0-9a-zA-Z_]{8,128}|rp-[0-9a-zA-Z_]{4,128}");

    private final Optional<OrganizationTree> tree;
    private final PolicyEvaluator evaluator = new PolicyEvaluator();

    /** The organization of {@code world}; none: every call is AWSOrganizationsNotInUseException. */
    public OrganizationsService(SeedWorld world) {
        this.tree = world.organization().map(o -> new OrganizationTree(o, world));
    }

    @Override
    public String signingName() {
        return "organizations";
    }

    @Override
    public String operation(Call call) {
        String target = Optional.ofNullable(call.header("x-amz-target")).orElse("");
        return target.substring(target.indexOf('.') + 1);
    }

    @Override
    public List<String> modelledOperations() {
        // Keep in step with handle(): ModelledOperationsTest sends every AWS operation and checks.
        return List.of(
                "ListAccounts",
                "ListAccountsForParent",
                "ListTagsForResource",
                "DescribeOrganization",
                "DescribeAccount",
                "DescribeOrganizationalUnit",
                "ListRoots",
                "ListOrganizationalUnitsForParent",
                "ListChildren",
                "ListParents");
    }

    @Override
    public Reply handle(Call call) {
        Map<String, Object> in = JsonBody.parse(call.payload());
        Request r = new Request(call, in);
        return switch (operation(call)) {
            case "ListAccounts" ->
                r.answer(
                        "ListAccounts",
                        "*",
                        t -> Pages.page(
                                "Accounts",
                                t.accounts.stream()
                                        .map(OrganizationTree.Account::json)
                                        .toList(),
                                in,
                                "accounts"));
            case "ListAccountsForParent" ->
                r.parent(
                        "ListAccountsForParent",
                        (t, parent) -> Pages.page(
                                "Accounts",
                                t.accountsByParent.getOrDefault(parent, List.of()).stream()
                                        .map(OrganizationTree.Account::json)
                                        .toList(),
                                in,
                                "accounts/" + parent));
            case "ListOrganizationalUnitsForParent" ->
                r.parent(
                        "ListOrganizationalUnitsForParent",
                        (t, parent) -> Pages.page("OrganizationalUnits", units(t, parent), in, "units/" + parent));
            case "ListChildren" -> r.children();
            case "ListTagsForResource" -> r.tags();
            case "DescribeOrganization" ->
                r.answer("DescribeOrganization", "*", t -> Map.of("Organization", t.organizationJson()));
            case "ListRoots" ->
                r.answer("ListRoots", "*", t -> Pages.page("Roots", List.of(t.rootJson()), in, "roots"));
            case "DescribeAccount" -> r.describeAccount();
            case "DescribeOrganizationalUnit" -> r.describeUnit();
            case "ListParents" -> r.parents();
            default ->
                throw new AwsError(
                        400,
                        "UnknownOperationException",
                        "The sandbox does not serve Organizations " + operation(call));
        };
    }

    private static List<Map<String, Object>> units(OrganizationTree t, String parent) {
        return t.unitsByParent.getOrDefault(parent, List.of()).stream()
                .map(OrganizationTree.Unit::json)
                .toList();
    }

    /** One call: its input read and checked, then authorized, then answered from the tree. */
    private final class Request {
        private final Call call;
        private final Map<String, Object> in;

        Request(Call call, Map<String, Object> in) {
            this.call = call;
            this.in = in;
        }

        Reply answer(String action, String resource, java.util.function.Function<OrganizationTree, Object> body) {
            Pages.maxResults(in);
            Decision d = authorize(action, resource);
            return ok(action, resource, body.apply(member()), d);
        }

        Reply parent(String action, java.util.function.BiFunction<OrganizationTree, String, Object> body) {
            String parent = id("ParentId", PARENT_ID);
            Pages.maxResults(in);
            String resource = tree.map(t -> t.arnOf(parent)).orElse("*");
            Decision d = authorize(action, resource);
            OrganizationTree t = member();
            if (!t.isParent(parent)) {
                throw new AwsError(400, "ParentNotFoundException", "You specified a parent that doesn't exist.");
            }
            return ok(action, resource, body.apply(t, parent), d);
        }

        Reply children() {
            Object type = in.get("ChildType");
            if (type == null) {
                throw Pages.invalid("INPUT_REQUIRED", "You must specify a value for ChildType.");
            }
            if (!"ACCOUNT".equals(type) && !"ORGANIZATIONAL_UNIT".equals(type)) {
                throw Pages.invalid("INVALID_ENUM", "You specified an invalid value.");
            }
            return parent(
                    "ListChildren",
                    (t, parent) -> Pages.page(
                            "Children",
                            "ACCOUNT".equals(type)
                                    ? t.accountsByParent.getOrDefault(parent, List.of()).stream()
                                            .map(a -> child(a.id(), "ACCOUNT"))
                                            .toList()
                                    : t.unitsByParent.getOrDefault(parent, List.of()).stream()
                                            .map(u -> child(u.id(), "ORGANIZATIONAL_UNIT"))
                                            .toList(),
                            in,
                            "children/" + type + "/" + parent));
        }

        Reply tags() {
            String id = id("ResourceId", TAGGABLE_ID);
            String resource = tree.map(t -> t.arnOf(id)).orElse("*");
            Decision d = authorize("ListTagsForResource", resource);
            OrganizationTree t = member();
            Map<String, String> tags = t.tags(id)
                    .orElseThrow(() ->
                            new AwsError(400, "TargetNotFoundException", "You specified a target that doesn't exist."));
            List<Map<String, Object>> list = tags.entrySet().stream()
                    .map(e -> Map.<String, Object>of("Key", e.getKey(), "Value", e.getValue()))
                    .toList();
            // At most 50 tags a resource: one page, as AWS answers them.
            return ok("ListTagsForResource", resource, Pages.page("Tags", list, Map.of(), "tags/" + id), d);
        }

        Reply describeAccount() {
            String id = id("AccountId", ACCOUNT_ID);
            String resource = tree.map(t -> t.accountArn(id)).orElse("*");
            Decision d = authorize("DescribeAccount", resource);
            OrganizationTree.Account a = Optional.ofNullable(
                            member().accountsById.get(id))
                    .orElseThrow(() -> new AwsError(
                            400, "AccountNotFoundException", "You specified an account that doesn't exist."));
            return ok("DescribeAccount", resource, Map.of("Account", a.json()), d);
        }

        Reply describeUnit() {
            String id = id("OrganizationalUnitId", OU_ID);
            String resource = tree.map(t -> t.ouArn(id)).orElse("*");
            Decision d = authorize("DescribeOrganizationalUnit", resource);
            OrganizationTree.Unit u = Optional.ofNullable(member().unitsById.get(id))
                    .orElseThrow(() -> new AwsError(
                            400,
                            "OrganizationalUnitNotFoundException",
                            "You specified an organizational unit that doesn't exist."));
            return ok("DescribeOrganizationalUnit", resource, Map.of("OrganizationalUnit", u.json()), d);
        }

        Reply parents() {
            String id = id("ChildId", CHILD_ID);
            Pages.maxResults(in);
            String resource = tree.map(t -> t.arnOf(id)).orElse("*");
            Decision d = authorize("ListParents", resource);
            OrganizationTree t = member();
            String parent = t.parentOf(id)
                    .orElseThrow(() ->
                            new AwsError(400, "ChildNotFoundException", "You specified a child that doesn't exist."));
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("Id", parent);
            p.put("Type", parent.startsWith("r-") ? "ROOT" : "ORGANIZATIONAL_UNIT");
            return ok("ListParents", resource, Pages.page("Parents", List.of(p), in, "parents/" + id), d);
        }

        private Map<String, Object> child(String id, String type) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("Id", id);
            c.put("Type", type);
            return c;
        }

        /** A required id member, in its botocore pattern. */
        private String id(String member, Pattern pattern) {
            Object v = in.get(member);
            if (v == null) {
                throw Pages.invalid("INPUT_REQUIRED", "You must specify a value for " + member + ".");
            }
            if (!(v instanceof String s) || !pattern.matcher(s).matches()) {
                throw Pages.invalid(
                        "INVALID_PATTERN", "You provided a value that does not match the required pattern.");
            }
            return s;
        }

        /**
         * The identity policies first (as IAM decides before the service looks), then the
         * organization: none at all, or a caller outside the management account, is refused.
         */
        private Decision authorize(String action, String resource) {
            String name = "organizations:" + action;
            RequestContext context =
                    new RequestContext(call.caller().principal(), name, resource, ConditionKeys.of(call));
            Decision d = evaluator.identity(
                    call.caller().identityPolicies(), call.caller().sessionPolicies(), context);
            call.evaluated(name, resource, d);
            if (!d.allowed()) {
                throw new AwsError(
                                400,
                                "AccessDeniedException",
                                d.notAuthorized(call.caller().principal().arn(), name, resource))
                        .because(d.decidingStatement(), d.explanation());
            }
            return d;
        }

        /** The tree, for a caller of the management account. */
        private OrganizationTree member() {
            OrganizationTree t = tree.orElseThrow(() -> new AwsError(
                    400, "AWSOrganizationsNotInUseException", "Your account is not a member of an organization."));
            if (!call.caller().accountId().equals(t.managementAccountId())) {
                throw new AwsError(400, "AccessDeniedException", "You don't have permissions to access this resource.")
                        .refusedBecause("only the management account (" + t.managementAccountId()
                                + ") may call Organizations; the caller is in "
                                + call.caller().accountId());
            }
            return t;
        }

        private Reply ok(String action, String resource, Object body, Decision d) {
            return new Reply(
                    200,
                    CONTENT_TYPE,
                    JsonBody.write(body),
                    Map.of(),
                    "organizations:" + action,
                    resource,
                    d.decidingStatement(),
                    false);
        }
    }

    @Override
    public AwsError authenticationError(Reason reason, String message) {
        return JsonErrors.authentication(reason, message);
    }

    @Override
    public Reply render(AwsError error, String requestId, String action) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("__type", error.code());
        body.put("Message", error.getMessage());
        error.details().forEach(body::put);
        return new Reply(
                error.status(), CONTENT_TYPE, JsonBody.write(body), Map.of(), action, "*", Optional.empty(), false);
    }

    @Override
    public AwsError throttlingError() {
        return new AwsError(
                400, "TooManyRequestsException", "You have sent too many requests in too short a period of time.");
    }
}
