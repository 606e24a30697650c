package dev.guard.plan;

import dev.guard.action.Action;
import dev.guard.action.ActionMetadata;
import dev.guard.action.ActionRegistry;
import dev.guard.json.Json;
import dev.guard.json.JsonReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The runbook JSON Schema (draft 2020-12), composed from a base that knows no action
 * ({@code runbook.base.schema.json}) and, for each registered action, a branch built from its
 * {@link ActionMetadata} (its name, its states for {@code expectStates}, {@code confirm: none}
 * refused when destructive, {@code maxTargets} required with its selector) around its own {@code
 * with:} fragment: the resource {@code <ActionClass>.schema.json} next to the action's class, or
 * next to a superclass's (the EC2 instance actions share one). So adding an action never edits the
 * schema.
 */
public final class RunbookSchema {
    static final String BASE = "/dev/guard/runbook/runbook.base.schema.json";

    private RunbookSchema() {}

    /** The composed schema as JSON text, indented. */
    public static String text(ActionRegistry actions) {
        return Json.pretty(compose(actions)) + "\n";
    }

    /**
     * The composed schema as plain values.
     *
     * @throws IllegalStateException naming the action when one has no fragment
     */
    public static Map<String, Object> compose(ActionRegistry actions) {
        Map<String, Object> root = JsonReader.parseObject(resource(RunbookSchema.class, BASE)
                .orElseThrow(
                        () -> new IllegalStateException("the schema base " + BASE + " is missing from the build")));
        Map<String, Object> step = asObject(asObject(root.get("$defs")).get("step"));
        Map<String, Object> action = asObject(asObject(step.get("properties")).get("action"));
        action.put("enum", new ArrayList<>(actions.names()));
        List<Object> branches = new ArrayList<>();
        for (Action a : actions.all()) {
            branches.addAll(branches(a.metadata(), withFragment(a)));
        }
        step.put("allOf", branches);
        return root;
    }

    /** What the registry lacks for the schema: one line per action without a {@code with:} fragment. */
    public static List<String> missing(ActionRegistry actions) {
        List<String> out = new ArrayList<>();
        for (Action a : actions.all()) {
            if (fragment(a.getClass()).isEmpty()) {
                out.add(missingMessage(a));
            }
        }
        return out;
    }

    private static String missingMessage(Action a) {
        Class<?> c = a.getClass();
        return "action " + a.name() + " has no schema fragment (expected the resource "
                + c.getPackageName().replace('.', '/') + "/" + c.getSimpleName()
                + ".schema.json, or one next to a superclass)";
    }

    private static Object withFragment(Action a) {
        return JsonReader.parse(fragment(a.getClass()).orElseThrow(() -> new IllegalStateException(missingMessage(a))));
    }

    /** The fragment next to {@code type}, else next to its nearest superclass that has one. */
    private static Optional<byte[]> fragment(Class<?> type) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            Optional<byte[]> found = resource(c, c.getSimpleName() + ".schema.json");
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /** The branches for one action: its inputs, states and confirmation; its selector's maxTargets. */
    private static List<Object> branches(ActionMetadata m, Object with) {
        Object guards = m.states().isEmpty()
                ? object("not", object("required", List.of("expectStates")))
                : object("properties", object("expectStates", object("items", object("enum", sorted(m)))));
        Map<String, Object> then = object("properties", object("with", with, "guards", guards));
        if (m.destructive()) {
            // It changes something: confirm: none is refused.
            then.put(
                    "not",
                    object("required", List.of("confirm"), "properties", object("confirm", object("const", "none"))));
        }
        List<Object> out = new ArrayList<>();
        out.add(branch(m.name(), Map.of(), then));
        m.selectorKey()
                .ifPresent(key -> out.add(branch(
                        m.name(),
                        object("with", object("required", List.of(key))),
                        object(
                                "required",
                                List.of("guards"),
                                "properties",
                                object("guards", object("required", List.of("maxTargets")))))));
        return out;
    }

    /** A JSON object with these keys and values, in this order. */
    private static Map<String, Object> object(Object... keysAndValues) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            out.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return out;
    }

    private static List<String> sorted(ActionMetadata m) {
        return m.states().stream().sorted().toList();
    }

    /** {@code if} the step is this action (and matches {@code also}) {@code then} ... */
    private static Map<String, Object> branch(String action, Map<String, Object> also, Map<String, Object> then) {
        Map<String, Object> properties = object("action", object("const", action));
        properties.putAll(also);
        List<String> required = new ArrayList<>(List.of("action"));
        required.addAll(also.keySet());
        return object("if", object("properties", properties, "required", required), "then", then);
    }

    private static Optional<byte[]> resource(Class<?> next, String name) {
        try (InputStream in = next.getResourceAsStream(name)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asObject(Object value) {
        return (Map<String, Object>) value;
    }
}
