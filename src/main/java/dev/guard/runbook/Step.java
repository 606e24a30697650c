package dev.guard.runbook;

import dev.guard.yaml.MapNode;
import dev.guard.yaml.Position;
import java.util.Optional;

/**
 * One step: an action, its inputs ({@code with}, kept as YAML until parameters are resolved and
 * the action reads them), its guards and how it is confirmed. {@code target} and {@code auth}
 * override the runbook's for this step only.
 */
public record Step(
        String id,
        Optional<String> description,
        String action,
        Position position,
        TargetSpec target,
        Optional<AuthMode> auth,
        MapNode with,
        Guards guards,
        Confirm confirm,
        boolean waitForCompletion) {}
