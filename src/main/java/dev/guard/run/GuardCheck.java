package dev.guard.run;

import dev.guard.action.Target;
import dev.guard.runbook.Guards;
import java.util.ArrayList;
import java.util.List;

/**
 * The safety rails, checked against discovered targets before anything changes. Any failure
 * refuses the whole run: acting on the targets that pass and silently leaving the others would
 * surprise an operator who read the plan as one unit.
 */
public final class GuardCheck {
    private GuardCheck() {}

    /**
     * @param noun "instances", for messages
     * @return one line per broken rule, naming the target and the rule; empty when all pass
     */
    public static List<String> check(Guards guards, List<Target> targets, String noun) {
        List<String> refusals = new ArrayList<>();
        guards.maxTargets().ifPresent(max -> {
            if (targets.size() > max) {
                refusals.add(targets.size() + " " + noun + " match, more than guards.maxTargets " + max
                        + ": refusing the whole run");
            }
        });
        for (Target t : targets) {
            guards.refuseTags().forEach((key, value) -> {
                if (value.equals(t.tags().get(key))) {
                    refusals.add(t.id() + " is tagged " + key + "=" + value + " (guards.refuseTags)");
                }
            });
            if (!guards.expectStates().isEmpty()) {
                String state = t.state().orElse("(no state)");
                if (!guards.expectStates().contains(state)) {
                    refusals.add(t.id() + " is " + state + ", not " + String.join(" or ", guards.expectStates())
                            + " (guards.expectStates)");
                }
            }
            t.protection().ifPresent(p -> refusals.add(t.id() + ": " + p + "; guard never switches it off"));
        }
        return refusals;
    }
}
