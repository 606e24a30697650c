package dev.guard.plan;

import dev.guard.auth.CredentialPlan;
import dev.guard.auth.MfaDevice;
import dev.guard.runbook.Runbook;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a run will do, decided offline: the runbook as resolved, each step's target, the
 * credential strategy with its reasons, and the warnings to show before confirmation. No AWS call
 * has been made to build it; targets are discovered when it runs.
 *
 * @param missingParameters parameters nobody gave: their {@code ${name}} stays in the plan, which
 *     is then a preview that cannot run
 */
public record Plan(
        Runbook runbook,
        Path shownAs,
        Map<String, String> parameters,
        List<String> missingParameters,
        List<PlannedStep> steps,
        CredentialPlan credentials,
        MfaDevice mfaDevice,
        List<String> warnings) {
    public Plan {
        parameters = Map.copyOf(parameters);
        missingParameters = List.copyOf(missingParameters);
        steps = List.copyOf(steps);
        warnings = List.copyOf(warnings);
    }

    /** The same plan with its credentials decided again (for the caller, or for the runner). */
    public Plan withCredentials(CredentialPlan decided, MfaDevice device) {
        return new Plan(runbook, shownAs, parameters, missingParameters, steps, decided, device, warnings);
    }
}
