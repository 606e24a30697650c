package dev.guard.saved;

import dev.guard.error.GuardException;
import dev.guard.json.JsonException;
import dev.guard.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One step of a saved plan as {@code apply} and {@code show} read it.
 *
 * @param inputs the step's describe lines, as the plan showed them
 */
public record SavedStep(
        String id,
        int number,
        String action,
        String account,
        String accountAlias,
        String region,
        boolean protectedAccount,
        String confirm,
        List<String> inputs,
        List<SavedTarget> targets,
        List<String> alreadyDone) {

    /** A target as the plan saw it. */
    public record SavedTarget(
            String id, Optional<String> state, Map<String, String> tags, Map<String, String> fingerprint) {}

    /**
     * The steps of a saved plan.
     *
     * @throws GuardException exit 2 when a step is not as {@code plan -o} writes it
     */
    public static List<SavedStep> of(SavedPlan plan) {
        try {
            List<SavedStep> out = new ArrayList<>();
            for (JsonObject s : plan.steps()) {
                List<SavedTarget> targets = new ArrayList<>();
                for (JsonObject t : s.list("targets")) {
                    targets.add(new SavedTarget(
                            t.string("id"), t.optionalString("state"), t.strings("tags"), t.strings("fingerprint")));
                }
                out.add(new SavedStep(
                        s.string("id"),
                        (int) s.number("number"),
                        s.string("action"),
                        s.string("account"),
                        s.string("accountAlias"),
                        s.string("region"),
                        s.bool("protected"),
                        s.string("confirm"),
                        strings(plan, s, "inputs"),
                        targets,
                        strings(plan, s, "alreadyDone")));
            }
            return out;
        } catch (JsonException | ClassCastException e) {
            throw GuardException.invalid("not a saved plan guard can apply: " + e.getMessage());
        }
    }

    /** A list of strings inside a step: {@link JsonObject} reads objects, so the raw document is read. */
    private static List<String> strings(SavedPlan plan, JsonObject step, String key) {
        Object steps = plan.document().get("steps");
        for (Object s : (List<?>) steps) {
            Map<?, ?> m = (Map<?, ?>) s;
            if (step.string("id").equals(m.get("id"))) {
                Object v = m.get(key);
                if (!(v instanceof List<?> list)) {
                    throw new JsonException("step " + step.string("id") + "." + key + " is not a list");
                }
                return list.stream().map(x -> (String) x).toList();
            }
        }
        throw new JsonException("step " + step.string("id") + " not found");
    }
}
