package dev.guard.auth;

import java.util.Objects;
import java.util.Optional;

/**
 * The credential decision for one step.
 *
 * @param stepId the step
 * @param strategy how its credentials are obtained
 * @param roleArn the role whose session the step uses; empty when it acts as the caller
 * @param reason one sentence a user understands, naming the account, role and/or bucket
 */
public record StepCredentials(String stepId, Strategy strategy, Optional<String> roleArn, String reason) {
    public StepCredentials {
        Objects.requireNonNull(stepId, "stepId");
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(roleArn, "roleArn");
        Objects.requireNonNull(reason, "reason");
    }
}
