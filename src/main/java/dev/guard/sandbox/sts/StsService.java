package dev.guard.sandbox.sts;

import dev.guard.sandbox.iam.AuthorizationMessages;
import dev.guard.sandbox.iam.Decision;
import dev.guard.sandbox.iam.PolicyEvaluator;
import dev.guard.sandbox.iam.Principal;
import dev.guard.sandbox.iam.RequestContext;
import dev.guard.sandbox.server.AwsError;
import dev.guard.sandbox.server.Call;
import dev.guard.sandbox.server.QueryProtocol;
import dev.guard.sandbox.server.QueryService;
import dev.guard.sandbox.server.Reply;
import dev.guard.sandbox.server.Xml;
import dev.guard.sandbox.state.Caller;
import dev.guard.sandbox.state.CredentialRegistry;
import dev.guard.sandbox.state.IamDirectory;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * STS: GetCallerIdentity, GetSessionToken and AssumeRole with AWS's MFA semantics. Session-token
 * credentials carry the MFA context of the code they were obtained with; role sessions carry
 * none; AssumeRole made with temporary credentials is role chaining and limited to one hour.
 */
public final class StsService extends QueryService {
    static final String XMLNS = "https://sts.amazonaws.com/doc/2011-06-15/";

    private final CredentialRegistry credentials;
    private final IamDirectory iam;
    private final MfaCheck mfa;
    private final DecodeAuthorizationMessage decoder;
    private final PolicyEvaluator evaluator = new PolicyEvaluator();

    public StsService(CredentialRegistry credentials, IamDirectory iam, MfaCheck mfa) {
        this(credentials, iam, mfa, new AuthorizationMessages());
    }

    /** @param messages what EC2 sealed its encoded authorization messages with */
    public StsService(CredentialRegistry credentials, IamDirectory iam, MfaCheck mfa, AuthorizationMessages messages) {
        super(XMLNS);
        this.credentials = credentials;
        this.iam = iam;
        this.mfa = mfa;
        this.decoder = new DecodeAuthorizationMessage(messages);
    }

    @Override
    public String signingName() {
        return "sts";
    }

    /** The role an AssumeRole names, for the journal of a refusal before its trust policy is read (an MFA code). */
    @Override
    public String resource(Call call) {
        return call.formParameters().getOrDefault("RoleArn", "*");
    }

    @Override
    public List<String> modelledOperations() {
        // Keep in step with the dispatch in handle(): a test sends every AWS operation and checks.
        return List.of("GetCallerIdentity", "GetSessionToken", "AssumeRole", "DecodeAuthorizationMessage");
    }

    @Override
    public Reply handle(Call call) {
        Map<String, String> params = call.formParameters();
        String action = params.getOrDefault("Action", "");
        return switch (action) {
            case "GetCallerIdentity" -> getCallerIdentity(call);
            case "GetSessionToken" -> getSessionToken(call, params);
            case "AssumeRole" -> new AssumeRole(call, params).run();
            case "DecodeAuthorizationMessage" -> decoder.run(call, params);
            case "" -> throw new AwsError(400, "MissingAction", "Missing Action");
            default ->
                throw new AwsError(
                        400, "InvalidAction", "Could not find operation " + action + " for version 2011-06-15");
        };
    }

    private Reply getCallerIdentity(Call call) {
        Caller caller = call.caller();
        Xml xml = QueryProtocol.begin("GetCallerIdentity", XMLNS)
                .element("UserId", caller.userId())
                .element("Account", caller.accountId())
                .element("Arn", caller.principal().arn());
        return Reply.xml(
                "sts:GetCallerIdentity",
                caller.principal().arn(),
                QueryProtocol.end(xml, "GetCallerIdentity", call.requestId()),
                false,
                Optional.empty());
    }

    private Reply getSessionToken(Call call, Map<String, String> params) {
        Caller caller = call.caller();
        Constraints.getSessionToken(params);
        if (caller.kind() != Caller.CredentialKind.LONG_TERM) {
            throw AwsError.accessDenied("Cannot call GetSessionToken with session credentials")
                    .refusedBecause("GetSessionToken needs long-term credentials");
        }
        int duration = Durations.parse(params.get("DurationSeconds"), 43_200, 900, 129_600, "durationSeconds");
        // "If the duration is longer than one hour, the session for AWS account owners defaults to
        // one hour" (GetSessionToken, DurationSeconds): the root user's longer request is shortened, not refused.
        if (caller.principal().kind() == Principal.Kind.ROOT) {
            duration = Math.min(duration, 3600);
        }
        Optional<MfaCheck.Verified> code = mfa.verify(call, params, caller, "sts:GetSessionToken");
        mfa.consume(code, "sts:GetSessionToken");
        Optional<Instant> mfaAt = code.map(MfaCheck.Verified::at);
        Caller session = new Caller(
                caller.principal(),
                Caller.CredentialKind.SESSION_TOKEN,
                mfaAt,
                caller.userName(),
                Optional.empty(),
                caller.identityPolicies());
        Instant expiration = call.now().plusSeconds(duration).truncatedTo(ChronoUnit.SECONDS);
        var issued = credentials.issue(session.issuedAt(call.now()), expiration);
        Xml xml = QueryProtocol.begin("GetSessionToken", XMLNS);
        credentialsXml(xml, issued.credential(), expiration);
        return Reply.xml(
                "sts:GetSessionToken",
                caller.principal().arn(),
                QueryProtocol.end(xml, "GetSessionToken", call.requestId()),
                false,
                Optional.empty());
    }

    static void credentialsXml(Xml xml, dev.guard.sandbox.sigv4.KnownCredential c, Instant expiration) {
        xml.open("Credentials")
                .element("AccessKeyId", c.accessKeyId())
                .element("SecretAccessKey", c.secretAccessKey())
                .element("SessionToken", c.sessionToken().orElseThrow())
                .element("Expiration", DateTimeFormatter.ISO_INSTANT.format(expiration))
                .close("Credentials");
    }

    /** One AssumeRole call: checks, MFA context, trust and identity policies, chaining limit. */
    private final class AssumeRole {
        // arn:PARTITION:iam::ACCOUNT:role/[PATH/]NAME
        private static final java.util.regex.Pattern ROLE_ARN =
                java.util.regex.Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]*[\\w+=,.@-]");
        private final Call call;
        private final Map<String, String> params;

        AssumeRole(Call call, Map<String, String> params) {
            this.call = call;
            this.params = params;
        }

        static String roleArnOfSession(String sessionArn) {
            // arn:aws:sts::ACCT:assumed-role/NAME/SESSION -> arn:aws:iam::ACCT:role/NAME
            String[] parts = sessionArn.split(":", 6);
            String[] path = parts[5].split("/");
            return "arn:aws:iam::" + parts[4] + ":role/" + path[1];
        }

        /**
         * The order of AssumeRole's checks, which decides which error wins when several things are
         * wrong. Signature and credentials are checked before any service sees the request
         * (SandboxServer). Then, as AWS's front end validates the request against the API model
         * before the operation runs (ValidationError with every violation; botocore's STS model),
         * {@link Constraints}; then the RoleArn's shape ("X is invalid", LocalStack's AWS-validated
         * provider), the source identity and session policies (parameters the operation reads);
         * the root user (who may assume no role); the MFA code — authenticated before the trust
         * policy, whose aws:MultiFactorAuth* keys depend on it, and whether or not the policy asks
         * for MFA, but used up only once the call is allowed; the role and its trust policy (a missing role answers as a denied one, so the
         * denial does not reveal which roles exist); and only for an authorized caller the
         * session's length (role chaining's hour, then the role's MaxSessionDuration), so the
         * role's settings are not disclosed to a caller who may not assume it.
         */
        Reply run() {
            Caller caller = call.caller();
            Constraints.assumeRole(params);
            String roleArn = params.get("RoleArn");
            String sessionName = params.get("RoleSessionName");
            requireRoleArnShape(roleArn);
            Optional<String> sourceIdentity = sourceIdentity(caller);
            SessionPolicies.Given sessionPolicies = SessionPolicies.read(params, accountOf(roleArn), iam);
            String denied = "User: " + caller.principal().arn() + " is not authorized to perform: sts:AssumeRole on"
                    + " resource: " + roleArn;
            if (caller.principal().kind() == Principal.Kind.ROOT) {
                throw AwsError.accessDenied("Roles may not be assumed by root accounts.")
                        .refusedBecause("the root user may assume no role");
            }
            Optional<MfaCheck.Verified> code = mfa.verify(call, params, caller, "sts:AssumeRole");
            Optional<Instant> mfaAt = code.map(MfaCheck.Verified::at);
            IamDirectory.Role role = iam.role(roleArn)
                    .orElseThrow(() -> AwsError.accessDenied(denied).refusedBecause("role does not exist"));
            RequestContext context = new RequestContext(
                    caller.principal(),
                    "sts:AssumeRole",
                    roleArn,
                    ConditionKeys.assumeRole(call, mfaAt.or(caller::mfaAuthenticatedAt), sourceIdentity, params));
            // The caller's own permissions include its session policies, if it is a session that has them.
            Decision decision = evaluator.assumeRole(
                    role.trustPolicy(), caller.identityPolicies(), caller.sessionPolicies(), role.accountId(), context);
            call.evaluated("sts:AssumeRole", roleArn, decision);
            if (!decision.allowed()) {
                throw denial(denied, decision);
            }
            int duration = duration(role, caller.kind() != Caller.CredentialKind.LONG_TERM);
            if (sourceIdentity.or(caller::sourceIdentity).isPresent()) {
                checkSetSourceIdentity(role, roleArn, mfaAt, sourceIdentity);
            }
            // Allowed: only now is the code used up (see MfaCheck.verify).
            mfa.consume(code, "sts:AssumeRole");
            return issue(role, roleArn, sessionName, sourceIdentity, duration, decision, sessionPolicies);
        }

        /** A RoleArn that is no IAM role ARN at all: AWS answers "X is invalid", a ValidationError. */
        private static void requireRoleArnShape(String roleArn) {
            if (!ROLE_ARN.matcher(roleArn).matches()) {
                throw AwsError.validation(roleArn + " is invalid");
            }
        }

        private static String accountOf(String roleArn) {
            String[] parts = roleArn.split(":", 6);
            return parts.length == 6 ? parts[4] : "";
        }

        /** AccessDenied; when a session policy decided, with AWS's sentence that says so. */
        private static AwsError denial(String denied, Decision decision) {
            String message =
                    decision.deniedBySessionPolicy() ? denied + " " + decision.awsReason("sts:AssumeRole") : denied;
            return AwsError.accessDenied(message).because(decision.decidingStatement(), decision.explanation());
        }

        /** The SourceIdentity parameter, checked: well-formed, not aws:..., and not changing one already set. */
        private Optional<String> sourceIdentity(Caller caller) {
            Optional<String> sourceIdentity = Optional.ofNullable(params.get("SourceIdentity"));
            if (sourceIdentity
                    .filter(s -> s.toLowerCase(java.util.Locale.ROOT).startsWith("aws:"))
                    .isPresent()) {
                throw AwsError.validation("Value at 'sourceIdentity' must not begin with 'aws:'");
            }
            // Set once, a source identity persists through chained sessions and cannot be changed.
            if (sourceIdentity.isPresent()
                    && caller.sourceIdentity().isPresent()
                    && !caller.sourceIdentity().equals(sourceIdentity)) {
                throw AwsError.accessDenied("User: " + caller.principal().arn()
                                + " is not authorized to change the source identity of its session")
                        .refusedBecause("a session's source identity cannot change");
            }
            return sourceIdentity;
        }

        /** DurationSeconds, within the chaining limit and the role's maximum. */
        private int duration(IamDirectory.Role role, boolean chained) {
            int duration = Durations.parse(params.get("DurationSeconds"), 3600, 900, 43_200, "durationSeconds");
            // Chaining is checked first: it is the limit a chained caller cannot raise.
            if (chained && duration > 3600) {
                throw AwsError.validation("The requested DurationSeconds exceeds the 1 hour session limit for roles"
                        + " assumed by role chaining.");
            }
            if (duration > role.maxSessionDurationSeconds()) {
                throw AwsError.validation(
                        "The requested DurationSeconds exceeds the MaxSessionDuration set for this" + " role.");
            }
            return duration;
        }

        /**
         * Setting (or carrying on) a source identity is its own action: the trust policy (and, across
         * accounts, the caller's identity policy) must allow sts:SetSourceIdentity too.
         */
        private void checkSetSourceIdentity(
                IamDirectory.Role role, String roleArn, Optional<Instant> mfaAt, Optional<String> sourceIdentity) {
            Caller caller = call.caller();
            RequestContext setting = new RequestContext(
                    caller.principal(),
                    "sts:SetSourceIdentity",
                    roleArn,
                    ConditionKeys.assumeRole(call, mfaAt.or(caller::mfaAuthenticatedAt), sourceIdentity, params));
            Decision decision = evaluator.assumeRole(
                    role.trustPolicy(), caller.identityPolicies(), caller.sessionPolicies(), role.accountId(), setting);
            call.evaluated("sts:SetSourceIdentity", roleArn, decision);
            if (!decision.allowed()) {
                throw AwsError.accessDenied("User: " + caller.principal().arn()
                                + " is not authorized to perform: sts:SetSourceIdentity on resource: " + roleArn)
                        .because(decision.decidingStatement(), decision.explanation());
            }
        }

        /** The role session's credentials and the answer that carries them. */
        private Reply issue(
                IamDirectory.Role role,
                String roleArn,
                String sessionName,
                Optional<String> sourceIdentity,
                int duration,
                Decision decision,
                SessionPolicies.Given sessionPolicies) {
            Caller caller = call.caller();
            Principal session = new Principal(
                    "arn:aws:sts::" + role.accountId() + ":assumed-role/" + role.name() + "/" + sessionName,
                    role.accountId(),
                    Principal.Kind.ASSUMED_ROLE);
            // Role-session credentials carry no MFA context, even when MFA was used to assume the role;
            // they carry only the session policies given now, never the caller's own.
            Caller assumed = new Caller(
                    session,
                    Caller.CredentialKind.ROLE_SESSION,
                    Optional.empty(),
                    caller.userName(),
                    sourceIdentity.or(caller::sourceIdentity),
                    role.policies(),
                    sessionPolicies.policies());
            Instant expiration = call.now().plusSeconds(duration).truncatedTo(ChronoUnit.SECONDS);
            var issued = credentials.issue(assumed.issuedAt(call.now()), expiration);
            Xml xml = QueryProtocol.begin("AssumeRole", XMLNS);
            credentialsXml(xml, issued.credential(), expiration);
            xml.open("AssumedRoleUser")
                    .element("AssumedRoleId", role.roleId() + ":" + sessionName)
                    .element("Arn", session.arn())
                    .close("AssumedRoleUser");
            sessionPolicies.packedPolicySize().ifPresent(p -> xml.element("PackedPolicySize", String.valueOf(p)));
            assumed.sourceIdentity().ifPresent(s -> xml.element("SourceIdentity", s));
            return Reply.xml(
                    "sts:AssumeRole",
                    roleArn,
                    QueryProtocol.end(xml, "AssumeRole", call.requestId()),
                    false,
                    decision.decidingStatement());
        }
    }
}
