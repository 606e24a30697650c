package dev.guard.auth;

import dev.guard.runbook.AuthMode;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What one runbook step needs from AWS credentials, already resolved from the step, the runbook
 * and the configuration: the account it acts in, the role it may assume, the MFA-protected bucket
 * it touches, the effective {@link AuthMode} and the MFA demands.
 *
 * @param stepId the step's id, used to attribute reasons and refusals
 * @param accountId the 12-digit account the step acts in
 * @param accountLabel the alias from config (e.g. {@code development}), or the id itself
 * @param roleArn the resolved role ({@code arn:aws:iam::ACCOUNT:role/NAME}), if any
 * @param resourcePolicyBucket a bucket declared {@code access: resource-policy}: its bucket policy
 *     grants to the caller's account only with {@code aws:MultiFactorAuthPresent}
 * @param auth the effective auth mode of the step
 * @param mfaRequired whether the step must run with MFA-backed credentials
 * @param mfaMaxAgeSeconds the largest acceptable {@code aws:MultiFactorAuthAge}, if limited
 */
public record StepTarget(
        String stepId,
        String accountId,
        String accountLabel,
        Optional<String> roleArn,
        Optional<String> resourcePolicyBucket,
        AuthMode auth,
        boolean mfaRequired,
        OptionalLong mfaMaxAgeSeconds) {

    public StepTarget {
        Objects.requireNonNull(stepId, "stepId");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(accountLabel, "accountLabel");
        Objects.requireNonNull(roleArn, "roleArn");
        Objects.requireNonNull(resourcePolicyBucket, "resourcePolicyBucket");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(mfaMaxAgeSeconds, "mfaMaxAgeSeconds");
        if (!AccountIds.isValid(accountId)) {
            throw new IllegalArgumentException("accountId must be 12 digits: " + accountId);
        }
        if (stepId.isBlank() || accountLabel.isBlank()) {
            throw new IllegalArgumentException("stepId and accountLabel must not be blank");
        }
    }

    /** How reasons name the account: {@code development (222222222222)}, or just the id. */
    public String accountPhrase() {
        return accountLabel.equals(accountId) ? accountId : accountLabel + " (" + accountId + ")";
    }
}
