package dev.guard.auth;

import java.util.Objects;

/**
 * Why guard will not obtain credentials for a step, in one line a person can act on.
 *
 * @param stepId the step refused (for a base-identity problem: the first step it affects)
 * @param message what is wrong and what to do
 * @param problem whether the runbook/config or the credentials must change
 */
public record CredentialRefusal(String stepId, String message, Problem problem) {

    /** The two kinds of refusal, with the exit codes of DESIGN.md §4. */
    public enum Problem {
        /** The runbook or config asks for something AWS cannot do. */
        INPUT(2),
        /** The base credentials cannot do what the run needs. */
        AUTHENTICATION(4);

        private final int exitCode;

        Problem(int exitCode) {
            this.exitCode = exitCode;
        }

        public int exitCode() {
            return exitCode;
        }
    }

    public CredentialRefusal {
        Objects.requireNonNull(stepId, "stepId");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(problem, "problem");
    }

    static CredentialRefusal input(String stepId, String message) {
        return new CredentialRefusal(stepId, message, Problem.INPUT);
    }

    static CredentialRefusal authentication(String stepId, String message) {
        return new CredentialRefusal(stepId, message, Problem.AUTHENTICATION);
    }

    @Override
    public String toString() {
        return "step " + stepId + ": " + message;
    }
}
