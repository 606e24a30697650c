package dev.guard.sandbox.iamapi;

import dev.guard.sandbox.iam.Decision;
import dev.guard.sandbox.iam.PolicyEvaluator;
import dev.guard.sandbox.iam.RequestContext;
import dev.guard.sandbox.server.AwsError;
import dev.guard.sandbox.server.Call;
import dev.guard.sandbox.server.QueryProtocol;
import dev.guard.sandbox.server.QueryService;
import dev.guard.sandbox.server.Reply;
import dev.guard.sandbox.server.Xml;
import dev.guard.sandbox.state.Caller;
import dev.guard.sandbox.state.IamDirectory;
import dev.guard.sandbox.state.MfaDevices;
import dev.guard.sandbox.sts.ConditionKeys;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * The IAM reads guard makes: GetRole (to read a role's trust policy), ListMFADevices (to find
 * the caller's device) and SimulatePrincipalPolicy (to explain what a user or role may do). IAM is global and per account: names are looked up in the caller's own
 * account. As in AWS, credentials from a GetSessionToken call made without MFA may call no IAM API.
 */
public final class IamService extends QueryService {
    static final String XMLNS = "https://iam.amazonaws.com/doc/2010-05-08/";

    private final IamDirectory iam;
    private final MfaDevices devices;
    private final PolicyEvaluator evaluator = new PolicyEvaluator();
    private final PrincipalPolicySimulation simulation = new PrincipalPolicySimulation();

    public IamService(IamDirectory iam, MfaDevices devices) {
        super(XMLNS);
        this.iam = iam;
        this.devices = devices;
    }

    @Override
    public String signingName() {
        return "iam";
    }

    @Override
    public Reply handle(Call call) {
        Caller caller = call.caller();
        if (caller.kind() == Caller.CredentialKind.SESSION_TOKEN
                && caller.mfaAuthenticatedAt().isEmpty()) {
            // AWS refuses them as it refuses an unknown token, in IAM's wording (no final period).
            throw new AwsError(403, "InvalidClientTokenId", "The security token included in the request is invalid");
        }
        Map<String, String> params = call.formParameters();
        String action = params.getOrDefault("Action", "");
        return switch (action) {
            case "GetRole" -> getRole(call, params);
            case "ListMFADevices" -> listMfaDevices(call, params);
            case "SimulatePrincipalPolicy" -> simulatePrincipalPolicy(call, params);
            default -> throw new AwsError(400, "InvalidAction", "The sandbox does not serve IAM " + action);
        };
    }

    private Decision authorize(Call call, String action, String resource) {
        RequestContext context =
                new RequestContext(call.caller().principal(), action, resource, ConditionKeys.of(call));
        Decision d = evaluator.identity(
                call.caller().identityPolicies(), call.caller().sessionPolicies(), context);
        if (!d.allowed()) {
            throw AwsError.accessDenied(
                            d.notAuthorized(call.caller().principal().arn(), action, resource))
                    .because(d.decidingStatement(), d.explanation());
        }
        return d;
    }

    private Reply getRole(Call call, Map<String, String> params) {
        String name = QueryProtocol.required(params, "RoleName");
        String arn = "arn:aws:iam::" + call.caller().accountId() + ":role/" + name;
        Decision d = authorize(call, "iam:GetRole", arn);
        IamDirectory.Role role = iam.role(arn)
                .orElseThrow(
                        () -> new AwsError(404, "NoSuchEntity", "The role with name " + name + " cannot be found."));
        Xml xml = QueryProtocol.begin("GetRole", XMLNS)
                .open("Role")
                .element("Path", "/")
                .element("RoleName", role.name())
                .element("RoleId", role.roleId())
                .element("Arn", role.arn())
                .element("CreateDate", "2026-01-01T00:00:00Z")
                .element(
                        "AssumeRolePolicyDocument",
                        URLEncoder.encode(role.trustPolicy().document().json(), StandardCharsets.UTF_8)
                                .replace("+", "%20"))
                .element("MaxSessionDuration", role.maxSessionDurationSeconds())
                .close("Role");
        return Reply.xml(
                "iam:GetRole", arn, QueryProtocol.end(xml, "GetRole", call.requestId()), false, d.decidingStatement());
    }

    private Reply simulatePrincipalPolicy(Call call, Map<String, String> params) {
        String arn = QueryProtocol.required(params, "PolicySourceArn");
        Decision d = authorize(call, "iam:SimulatePrincipalPolicy", arn);
        PrincipalPolicySimulation.Source source =
                PrincipalPolicySimulation.source(iam, arn, call.caller().accountId());
        return Reply.xml(
                "iam:SimulatePrincipalPolicy",
                arn,
                simulation.simulate(source, params, call.requestId()),
                false,
                d.decidingStatement());
    }

    private Reply listMfaDevices(Call call, Map<String, String> params) {
        String user = Optional.ofNullable(params.get("UserName"))
                .or(() -> call.caller().userName())
                .orElseThrow(() -> new AwsError(
                        400, "ValidationError", "Must specify userName when calling with" + " non-User credentials"));
        String arn = "arn:aws:iam::" + call.caller().accountId() + ":user/" + user;
        Decision d = authorize(call, "iam:ListMFADevices", arn);
        if (iam.user(arn).isEmpty()) {
            throw new AwsError(404, "NoSuchEntity", "The user with name " + user + " cannot be found.");
        }
        Xml xml = QueryProtocol.begin("ListMFADevices", XMLNS).open("MFADevices");
        devices.forUser(arn)
                .ifPresent(device -> xml.open("member")
                        .element("UserName", user)
                        .element("SerialNumber", device.serial())
                        .element("EnableDate", "2026-01-01T00:00:00Z")
                        .close("member"));
        xml.close("MFADevices").element("IsTruncated", false);
        return Reply.xml(
                "iam:ListMFADevices",
                arn,
                QueryProtocol.end(xml, "ListMFADevices", call.requestId()),
                false,
                d.decidingStatement());
    }
}
