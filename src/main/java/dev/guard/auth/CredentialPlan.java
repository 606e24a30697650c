package dev.guard.auth;

import java.util.List;

/**
 * How a whole run obtains its credentials: the decision per step, the STS calls in order, how many
 * MFA codes that takes (one for any run that needs MFA), and notes about what is only known at run
 * time.
 *
 * @param steps one decision per step, in runbook order
 * @param acquisitions the STS calls, in the order guard makes them
 * @param mfaPrompts how many MFA codes the acquisitions need
 * @param notes facts the user should know, one sentence each
 */
public record CredentialPlan(
        List<StepCredentials> steps, List<Acquisition> acquisitions, int mfaPrompts, List<String> notes) {
    public CredentialPlan {
        steps = List.copyOf(steps);
        acquisitions = List.copyOf(acquisitions);
        notes = List.copyOf(notes);
        // A loop, not a stream: every validate builds a plan, and on JDK 17 each method reference
        // costs ~60 µs to link the first time.
        long prompting = 0;
        for (Acquisition a : acquisitions) {
            if (a.promptsForMfa()) {
                prompting++;
            }
        }
        if (mfaPrompts != prompting) {
            throw new IllegalArgumentException(
                    "mfaPrompts " + mfaPrompts + " disagrees with " + prompting + " prompting acquisitions");
        }
    }

    /** The decision for one step. */
    public StepCredentials step(String stepId) {
        for (StepCredentials s : steps) {
            if (s.stepId().equals(stepId)) {
                return s;
            }
        }
        throw new IllegalArgumentException("no step " + stepId);
    }
}
