package dev.guard.action;

import dev.guard.action.dynamodb.DeleteTable;
import dev.guard.action.ec2.StartInstances;
import dev.guard.action.ec2.StopInstances;
import dev.guard.action.ec2.TerminateInstances;
import dev.guard.action.s3.DeleteObject;
import dev.guard.action.s3.PutObject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every action guard knows, by name. Adding an action means one line here (see {@link Action}). */
public final class ActionRegistry {
    private final Map<String, Action> actions = new LinkedHashMap<>();

    public ActionRegistry(List<Action> actions) {
        for (Action a : actions) { // a loop, not forEach: one lambda less to link at start-up
            this.actions.put(a.name(), a);
        }
    }

    /** Every action guard ships, one line each, in the order listings and the schema show them. */
    public static ActionRegistry standard() {
        List<Action> all = new ArrayList<>();
        all.add(new TerminateInstances());
        all.add(new StopInstances());
        all.add(new DeleteTable());
        all.add(new PutObject());
        all.add(new DeleteObject());
        all.add(new StartInstances());
        return new ActionRegistry(all);
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
