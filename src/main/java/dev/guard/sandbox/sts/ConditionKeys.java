package dev.guard.sandbox.sts;

import dev.guard.sandbox.iam.Principal;
import dev.guard.sandbox.server.Call;
import dev.guard.sandbox.state.Caller;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The global condition keys of a request, as AWS sets them (IAM User Guide, "AWS global condition
 * context keys"). aws:MultiFactorAuthPresent is "true" only with MFA-backed temporary
 * credentials, "false" with other temporary credentials, and absent for long-term keys — which is
 * why policies use BoolIfExists; aws:MultiFactorAuthAge is present only with MFA.
 *
 * <p>aws:SecureTransport is "true": every SDK and CLI talks TLS to AWS's endpoints, and the
 * sandbox's loopback HTTP endpoint stands in for them, so the common "Deny when
 * aws:SecureTransport is false" policy must not refuse a rehearsal AWS would allow. aws:SourceIp
 * is the loopback address the sandbox is reached on. Not set: aws:TokenIssueTime (the sandbox does
 * not keep when a credential was issued), aws:PrincipalOrgID and tags (no organizations or
 * principal tags), aws:CalledVia (no service calls on a principal's behalf).
 */
public final class ConditionKeys {
    /** The only address the sandbox listens on. */
    static final String SOURCE_IP = "127.0.0.1";

    private ConditionKeys() {}

    /** The keys of an authenticated call by its own credentials: its region and MFA context. */
    public static Map<String, List<String>> of(Call call) {
        Map<String, List<String>> keys =
                of(call.caller(), call.caller().mfaAuthenticatedAt(), call.now(), Optional.empty());
        keys.put("aws:RequestedRegion", List.of(call.region()));
        return keys;
    }

    public static Map<String, List<String>> of(
            Caller caller, Optional<Instant> mfaAt, Instant now, Optional<String> sourceIdentity) {
        Map<String, List<String>> keys = new HashMap<>();
        if (mfaAt.isPresent()) {
            keys.put("aws:MultiFactorAuthPresent", List.of("true"));
            long age = Math.max(0, Duration.between(mfaAt.get(), now).getSeconds());
            keys.put("aws:MultiFactorAuthAge", List.of(Long.toString(age)));
        } else if (caller.kind() != Caller.CredentialKind.LONG_TERM) {
            keys.put("aws:MultiFactorAuthPresent", List.of("false"));
        }
        keys.put("aws:PrincipalAccount", List.of(caller.accountId()));
        keys.put("aws:PrincipalArn", List.of(principalArn(caller)));
        keys.put("aws:PrincipalType", List.of(principalType(caller.principal().kind())));
        keys.put("aws:PrincipalIsAWSService", List.of("false"));
        keys.put("aws:ViaAWSService", List.of("false"));
        keys.put("aws:CurrentTime", List.of(DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.SECONDS))));
        keys.put("aws:EpochTime", List.of(Long.toString(now.getEpochSecond())));
        keys.put("aws:SecureTransport", List.of("true"));
        keys.put("aws:SourceIp", List.of(SOURCE_IP));
        keys.put("aws:userid", List.of(caller.userId()));
        // Only an IAM user's requests (long-term keys or GetSessionToken) carry aws:username; a
        // role session has none even when a user assumed the role, so ${aws:username} does not
        // resolve for it.
        if (caller.principal().kind() == Principal.Kind.USER) {
            caller.userName().ifPresent(u -> keys.put("aws:username", List.of(u)));
        }
        // aws:SourceIdentity is the session's own; sts:SourceIdentity is the value a request sets.
        caller.sourceIdentity().ifPresent(s -> keys.put("aws:SourceIdentity", List.of(s)));
        sourceIdentity.ifPresent(s -> keys.put("sts:SourceIdentity", List.of(s)));
        return keys;
    }

    /**
     * The keys STS adds to an AssumeRole request for the trust policy: sts:ExternalId and
     * sts:RoleSessionName when given, and the requested region.
     */
    static Map<String, List<String>> assumeRole(
            Call call, Optional<Instant> mfaAt, Optional<String> sourceIdentity, Map<String, String> params) {
        Map<String, List<String>> keys = of(call.caller(), mfaAt, call.now(), sourceIdentity);
        keys.put("aws:RequestedRegion", List.of(call.region()));
        Optional.ofNullable(params.get("ExternalId")).ifPresent(e -> keys.put("sts:ExternalId", List.of(e)));
        Optional.ofNullable(params.get("RoleSessionName")).ifPresent(n -> keys.put("sts:RoleSessionName", List.of(n)));
        return keys;
    }

    /** What aws:PrincipalType says: Account (root), User, AssumedRole, FederatedUser, Anonymous. */
    private static String principalType(Principal.Kind kind) {
        return switch (kind) {
            case ROOT -> "Account";
            case USER -> "User";
            case ASSUMED_ROLE -> "AssumedRole";
            case FEDERATED_USER -> "FederatedUser";
            case ANONYMOUS -> "Anonymous";
        };
    }

    /** For a role session, aws:PrincipalArn is the role's ARN, not the session's. */
    private static String principalArn(Caller caller) {
        String arn = caller.principal().arn();
        if (caller.kind() == Caller.CredentialKind.ROLE_SESSION && arn.contains(":assumed-role/")) {
            String[] parts = arn.split(":", 6);
            return "arn:aws:iam::" + parts[4] + ":role/" + parts[5].split("/")[1];
        }
        return arn;
    }
}
