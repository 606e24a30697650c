package dev.guard.action;

import dev.guard.action.dynamodb.DeleteTable;
import dev.guard.action.ec2.StopInstances;
import dev.guard.action.ec2.TerminateInstances;
import dev.guard.action.s3.DeleteObject;
import dev.guard.action.s3.PutObject;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every action guard knows, by name. Adding an action means adding its class here. */
public final class ActionRegistry {
    private final Map<String, Action> actions = new LinkedHashMap<>();

    public ActionRegistry(List<Action> actions) {
        actions.forEach(a -> this.actions.put(a.name(), a));
    }

    public static ActionRegistry standard() {
        return new ActionRegistry(List.of(
                new TerminateInstances(), new StopInstances(), new DeleteTable(), new PutObject(), new DeleteObject()));
    }

    public Optional<Action> find(String name) {
        return Optional.ofNullable(actions.get(name));
    }

    public Collection<Action> all() {
        return actions.values();
    }

    public List<String> names() {
        return List.copyOf(actions.keySet());
    }
}
