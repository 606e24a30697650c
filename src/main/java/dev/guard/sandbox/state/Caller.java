package dev.guard.sandbox.state;

import dev.guard.sandbox.iam.NamedPolicy;
import dev.guard.sandbox.iam.Principal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Who signed a request, as IAM sees them: the principal, the kind of credentials (which decides
 * which STS calls they may make and what MFA context they carry), and the identity policies that
 * apply to them.
 *
 * @param mfaAuthenticatedAt when the MFA code behind these credentials was checked; empty when none
 *     was (long-term keys, or temporary credentials obtained without MFA)
 * @param userName the IAM user behind the credentials (also for role sessions obtained with a
 *     user's session credentials), for ListMFADevices and MFA-device checks
 * @param sessionPolicies the session policies a role session was given (AssumeRole's Policy and
 *     PolicyArns): its permissions are the intersection of these and its identity policies; empty
 *     when none were given (no limit)
 * @param issuedAt when STS issued these temporary credentials (aws:TokenIssueTime); empty for
 *     long-term keys
 */
public record Caller(
        Principal principal,
        CredentialKind kind,
        Optional<Instant> mfaAuthenticatedAt,
        Optional<String> userName,
        Optional<String> sourceIdentity,
        List<NamedPolicy> identityPolicies,
        List<NamedPolicy> sessionPolicies,
        Optional<Instant> issuedAt) {

    /** How the signing credentials were obtained. */
    public enum CredentialKind {
        /** An IAM user's access key: no MFA context, ever. */
        LONG_TERM,
        /** From GetSessionToken: acts as the user, carries MFA context if a code was given. */
        SESSION_TOKEN,
        /** From AssumeRole: acts as the role, carries no MFA context for later requests. */
        ROLE_SESSION
    }

    public Caller {
        identityPolicies = List.copyOf(identityPolicies);
        sessionPolicies = List.copyOf(sessionPolicies);
    }

    /** A caller whose credentials were not issued by STS (or whose issue time is not known). */
    public Caller(
            Principal principal,
            CredentialKind kind,
            Optional<Instant> mfaAuthenticatedAt,
            Optional<String> userName,
            Optional<String> sourceIdentity,
            List<NamedPolicy> identityPolicies,
            List<NamedPolicy> sessionPolicies) {
        this(
                principal,
                kind,
                mfaAuthenticatedAt,
                userName,
                sourceIdentity,
                identityPolicies,
                sessionPolicies,
                Optional.empty());
    }

    /** This caller, as temporary credentials STS issued at {@code at}. */
    public Caller issuedAt(Instant at) {
        return new Caller(
                principal,
                kind,
                mfaAuthenticatedAt,
                userName,
                sourceIdentity,
                identityPolicies,
                sessionPolicies,
                Optional.of(at));
    }

    /** A caller without session policies. */
    public Caller(
            Principal principal,
            CredentialKind kind,
            Optional<Instant> mfaAuthenticatedAt,
            Optional<String> userName,
            Optional<String> sourceIdentity,
            List<NamedPolicy> identityPolicies) {
        this(principal, kind, mfaAuthenticatedAt, userName, sourceIdentity, identityPolicies, List.of());
    }

    public String accountId() {
        return principal.accountId();
    }

    /**
     * What GetCallerIdentity's UserId and the aws:userid key say: the user's unique id (AIDA...),
     * for a role session the role's unique id and the session name (AROA...:session), for a
     * federated user ACCOUNT:name, for the root user the account id.
     */
    public String userId() {
        String[] parts = principal.arn().split(":", 6);
        return switch (principal.kind()) {
            case USER -> IamDirectory.uniqueId("AIDA", principal.arn());
            case ASSUMED_ROLE -> {
                String[] path = parts[5].split("/");
                String roleArn = "arn:" + parts[1] + ":iam::" + parts[4] + ":role/" + path[1];
                yield IamDirectory.uniqueId("AROA", roleArn) + ":" + path[2];
            }
            case FEDERATED_USER -> parts[4] + ":" + parts[5].substring("federated-user/".length());
            case ROOT, ANONYMOUS -> principal.accountId();
        };
    }
}
