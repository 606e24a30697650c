package dev.guard.runbook;

import dev.guard.yaml.MapNode;
import dev.guard.yaml.Node;
import dev.guard.yaml.Position;
import java.util.Optional;

/**
 * One step: an action, its inputs ({@code with}, kept as YAML until parameters are resolved and
 * the action reads them), its guards and how it is confirmed. {@code target} and {@code auth}
 * override the runbook's for this step only. {@code node} is the step as written, for positions.
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
        boolean waitForCompletion,
        MapNode node) {

    /** The same step under another id: its instance in one member of an account set. */
    public Step withId(String newId) {
        return new Step(
                newId, description, action, position, target, auth, with, guards, confirm, waitForCompletion, node);
    }

    /**
     * Where the value at {@code path} (keys into nested mappings, e.g. {@code "guards",
     * "maxTargets"}) is written, so a problem with it points there; else the nearest enclosing
     * value that exists, else the step.
     */
    public Position positionOf(String... path) {
        Position at = position;
        Node current = node;
        for (String key : path) {
            if (!(current instanceof MapNode map) || map.get(key).isEmpty()) {
                break;
            }
            current = map.get(key).get();
            at = current.position();
        }
        return at;
    }
}
