package dev.guard.auth;

import java.util.Objects;
import java.util.Optional;

/**
 * Who the base credentials (profile, SDK default chain) belong to, as far as it is known. Offline
 * planning knows little: {@link Kind#UNKNOWN} is planned as an IAM user and checked at run time.
 *
 * @param kind what sort of principal the base credentials are
 * @param accountId the caller's own account, when known (from GetCallerIdentity or config)
 * @param arn the caller's ARN, when known; only used to explain refusals
 */
public record BaseIdentity(Kind kind, Optional<String> accountId, Optional<String> arn) {

    /** The principal types that matter for MFA-protected API access (DESIGN.md §1.7). */
    public enum Kind {
        /** Not known yet (offline plan): planned as an IAM user, checked at run time. */
        UNKNOWN,
        /** An IAM user with long-term keys: the only kind that can present an MFA device. */
        IAM_USER,
        /** The account's root user: AWS offers it no MFA-protected API access and no AssumeRole. */
        ROOT,
        /** A role session (SSO, instance profile, an earlier AssumeRole). */
        ASSUMED_ROLE,
        /** A GetFederationToken session. */
        FEDERATED_USER
    }

    public BaseIdentity {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(arn, "arn");
        // No Optional chain: every validate builds one, and on JDK 17 each lambda call site costs
        // ~60 µs to link the first time.
        if (accountId.isPresent() && !AccountIds.isValid(accountId.get())) {
            throw new IllegalArgumentException("accountId must be 12 digits: " + accountId.get());
        }
    }

    /** Nothing known yet, not even the account. */
    public static BaseIdentity unknown() {
        return new BaseIdentity(Kind.UNKNOWN, Optional.empty(), Optional.empty());
    }

    /** Kind not known yet, but the account is (e.g. from the MFA device ARN in config). */
    public static BaseIdentity unknownIn(String accountId) {
        return new BaseIdentity(Kind.UNKNOWN, Optional.of(accountId), Optional.empty());
    }

    /**
     * The identity GetCallerIdentity returned: {@code arn:aws:iam::A:user/...}, {@code
     * arn:aws:iam::A:root}, {@code arn:aws:sts::A:assumed-role/...} or {@code
     * arn:aws:sts::A:federated-user/...}; any other shape is planned as {@link Kind#UNKNOWN}.
     */
    public static BaseIdentity fromCallerArn(String accountId, String arn) {
        Kind kind = Kind.UNKNOWN;
        String[] parts = arn.split(":", 6);
        if (parts.length == 6) {
            String resource = parts[5];
            if (resource.equals("root")) {
                kind = Kind.ROOT;
            } else if (resource.startsWith("user/")) {
                kind = Kind.IAM_USER;
            } else if (resource.startsWith("assumed-role/")) {
                kind = Kind.ASSUMED_ROLE;
            } else if (resource.startsWith("federated-user/")) {
                kind = Kind.FEDERATED_USER;
            }
        }
        return new BaseIdentity(kind, Optional.of(accountId), Optional.of(arn));
    }

    /** The last part of the ARN: a user's name, a role session's name; for session names in CloudTrail. */
    public Optional<String> name() {
        return arn.map(a -> a.substring(a.lastIndexOf('/') + 1)).filter(n -> !n.isEmpty() && !n.contains(":"));
    }

    /** An IAM user whose ARN ({@code arn:aws:iam::ACCOUNT:user/NAME}) GetCallerIdentity returned. */
    public static BaseIdentity iamUser(String accountId, String arn) {
        return new BaseIdentity(Kind.IAM_USER, Optional.of(accountId), Optional.of(arn));
    }
}
