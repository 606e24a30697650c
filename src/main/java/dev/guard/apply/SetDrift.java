package dev.guard.apply;

import dev.guard.plan.Plan;
import dev.guard.plan.PlannedStep;
import dev.guard.saved.SavedStep;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a step's account set resolves to other members now than when the plan was saved (an
 * account added to the OU, a glob that matches a new alias, one closed): the saved plan was seen
 * and approved for the members it names, so it never acts in a different set.
 */
final class SetDrift {
    private static final int SHOWN = 5;

    private SetDrift() {}

    /** The one-line reason, when some set's members differ. */
    static Optional<String> of(List<SavedStep> saved, Plan plan) {
        return of(
                saved.stream().map(SavedStep::id).toList(),
                plan.steps().stream().map(PlannedStep::step).map(s -> s.id()).toList());
    }

    /** @param saved the saved plan's step ids, @param now the step ids of the plan made again */
    static Optional<String> of(List<String> saved, List<String> now) {
        return changed(members(saved), members(now));
    }

    private static Optional<String> changed(Map<String, Set<String>> before, Map<String, Set<String>> now) {
        Set<String> steps = new LinkedHashSet<>(before.keySet());
        steps.addAll(now.keySet());
        for (String step : steps) {
            Set<String> was = before.getOrDefault(step, Set.of());
            Set<String> is = now.getOrDefault(step, Set.of());
            List<String> added = new ArrayList<>(is);
            added.removeAll(was);
            List<String> gone = new ArrayList<>(was);
            gone.removeAll(is);
            if (!added.isEmpty() || !gone.isEmpty()) {
                return Optional.of("the account set of step " + step + " changed since the plan was made ("
                        + (added.isEmpty() ? "" : "added: " + shown(added) + (gone.isEmpty() ? "" : "; "))
                        + (gone.isEmpty() ? "" : "gone: " + shown(gone))
                        + "): make a new plan with guard plan --live -o");
            }
        }
        return Optional.empty();
    }

    /** Set members by their step: {@code stop@development/us-east-1} is member {@code development/us-east-1} of stop. */
    private static Map<String, Set<String>> members(List<String> ids) {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        for (String id : ids) {
            int at = id.indexOf('@');
            if (at > 0) {
                out.computeIfAbsent(id.substring(0, at), k -> new LinkedHashSet<>())
                        .add(id.substring(at + 1));
            }
        }
        return out;
    }

    private static String shown(List<String> members) {
        String first = String.join(", ", members.subList(0, Math.min(SHOWN, members.size())));
        return members.size() > SHOWN ? first + " and " + (members.size() - SHOWN) + " more" : first;
    }
}
