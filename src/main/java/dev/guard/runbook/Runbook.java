package dev.guard.runbook;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A loaded, validated runbook (DESIGN.md §2). Values that may hold {@code ${param}} references
 * stay as positioned YAML scalars until parameters are resolved, so errors about the resolved
 * values can still point at the line that produced them.
 *
 * @param sha256 hex digest of the file's bytes, so plans and audit records name exactly what ran
 */
public record Runbook(
        Path source,
        String sha256,
        String name,
        Optional<String> description,
        TargetSpec target,
        AuthMode auth,
        MfaPolicy mfa,
        boolean unattended,
        List<Parameter> parameters,
        List<Step> steps) {
    public static final String API_VERSION = "guard/v1";
    public static final String KIND = "Runbook";

    public Runbook {
        parameters = List.copyOf(parameters);
        steps = List.copyOf(steps);
    }

    public Optional<Parameter> parameter(String name) {
        return parameters.stream().filter(p -> p.name().equals(name)).findFirst();
    }
}
