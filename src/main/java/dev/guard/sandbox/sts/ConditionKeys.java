package dev.guard.sandbox.sts;

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
 * The global condition keys of a request, as AWS sets them. aws:MultiFactorAuthPresent is
 * "true" only with MFA-backed temporary credentials, "false" with other temporary credentials,
 * and absent for long-term keys — which is why policies use BoolIfExists.
 */
public final class ConditionKeys {
    private ConditionKeys() {}

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
        keys.put("aws:CurrentTime", List.of(DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.SECONDS))));
        keys.put("aws:EpochTime", List.of(Long.toString(now.getEpochSecond())));
        keys.put("aws:SecureTransport", List.of("false"));
        keys.put("aws:userid", List.of(caller.userId()));
        // Only an IAM user's requests (long-term keys or GetSessionToken) carry aws:username; a
        // role session has none even when a user assumed the role, so ${aws:username} does not
        // resolve for it.
        if (caller.principal().kind() == dev.guard.sandbox.iam.Principal.Kind.USER) {
            caller.userName().ifPresent(u -> keys.put("aws:username", List.of(u)));
        }
        // aws:SourceIdentity is the session's own; sts:SourceIdentity is the value a request sets.
        caller.sourceIdentity().ifPresent(s -> keys.put("aws:SourceIdentity", List.of(s)));
        sourceIdentity.ifPresent(s -> keys.put("sts:SourceIdentity", List.of(s)));
        return keys;
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
