package dev.guard.runbook;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A loaded, validated runbook (DESIGN.md §2). Values that may hold {@code ${param}} references
 * stay as positioned YAML scalars until parameters are resolved, so errors about the resolved
 * values can still point at the line that produced them.
 *
 * @param text the bytes it was read from, so plans and audit records can name exactly what ran
 * @param approval the approvals a saved plan of it needs before {@code guard apply}; empty when it
 *     declares none
 */
public record Runbook(
        Path source,
        SourceText text,
        String name,
        Optional<String> description,
        TargetSpec target,
        AuthMode auth,
        MfaPolicy mfa,
        boolean unattended,
        List<Parameter> parameters,
        List<Step> steps,
        Optional<ApprovalPolicy> approval) {
    public static final String API_VERSION = "guard/v1";
    public static final String KIND = "Runbook";

    public Runbook {
        parameters = List.copyOf(parameters);
        steps = List.copyOf(steps);
    }

    /** Hex SHA-256 of the file as it was read. */
    public String sha256() {
        return text.sha256();
    }

    public Optional<Parameter> parameter(String name) {
        // A loop, not a stream: on JDK 17 a lambda costs ~60 µs to link on first use.
        for (Parameter p : parameters) {
            if (p.name().equals(name)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
