package dev.guard.run;

import dev.guard.action.Operation;
import dev.guard.action.Outcome;
import dev.guard.action.Target;
import dev.guard.plan.PlannedStep;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * What the operator reads of a step: its targets as discovered, and what became of them. A bulk
 * step lists a sample, not 10,000 lines; every target and outcome is in the audit log and in
 * {@code --output json}.
 */
final class StepView {
    /** How many targets (and successes) a step lists on the terminal. */
    static final int LISTED = 50;

    private final Consumer<String> out;

    StepView(Consumer<String> out) {
        this.out = out;
    }

    /** The targets of a step; protected ones are always listed, since they are why a run is refused. */
    void targets(PlannedStep step, int steps, Operation op, List<Target> targets, List<Outcome> already) {
        out.accept("");
        out.accept("Step " + step.number() + "/" + steps + " " + step.step().id() + " — "
                + step.action().name() + " in " + step.account().label() + ", " + step.region());
        already.forEach(o -> out.accept("  " + o.targetId() + "  " + o.detail()));
        if (targets.isEmpty()) {
            out.accept(already.isEmpty() ? "  no " + op.noun(2) + " match: nothing to do" : "  nothing left to do");
            return;
        }
        int listed = 0;
        for (Target t : targets) {
            if (listed >= LISTED && t.protection().isEmpty()) {
                continue;
            }
            listed++;
            List<String> parts = new ArrayList<>();
            t.state().ifPresent(parts::add);
            parts.addAll(t.notes());
            t.protection().ifPresent(p -> parts.add("PROTECTED: " + p));
            out.accept("  " + t.id() + "  " + String.join("  ", parts));
        }
        if (listed < targets.size()) {
            out.accept("  … and " + (targets.size() - listed) + " more (all are in the audit log and --output json)");
        }
        op.notes().forEach(n -> out.accept("  note: " + n));
        out.accept("  → " + op.verb() + " " + targets.size() + " " + op.noun(targets.size()));
    }

    /**
     * One account-set member's targets, in one line ("development us-east-1: 2 instances (running
     * 2)"): 200 accounts' targets in full would bury the few that matter. Protected targets are
     * still listed; every target is in the audit log and {@code --output json}.
     */
    void member(PlannedStep step, Operation op, List<Target> targets, List<Outcome> already) {
        java.util.Map<String, Integer> states = new java.util.TreeMap<>();
        targets.forEach(t -> states.merge(t.state().orElse("?"), 1, Integer::sum));
        StringBuilder line = new StringBuilder("  " + where(step) + ": ");
        line.append(targets.isEmpty() ? "no " + op.noun(2) : targets.size() + " " + op.noun(targets.size()));
        if (!states.isEmpty()) {
            List<String> parts = new ArrayList<>();
            states.forEach((state, n) -> parts.add(state + " " + n));
            line.append(" (").append(String.join(", ", parts)).append(')');
        }
        if (!already.isEmpty()) {
            line.append(", ").append(already.size()).append(" already done");
        }
        out.accept(line.toString());
        targets.stream()
                .filter(t -> t.protection().isPresent())
                .forEach(t -> out.accept(
                        "    " + t.id() + "  PROTECTED: " + t.protection().get()));
    }

    /** A member whose targets could not be read: it failed, the others go on. */
    void memberFailed(PlannedStep step, String why) {
        out.accept("  " + where(step) + ": FAILED — " + why);
    }

    /** "development us-east-1", or "member-007 (700000000007) us-east-1" for an account known by its id. */
    static String where(PlannedStep step) {
        return account(step) + " " + step.region();
    }

    /** The account's alias, or its name in AWS Organizations with its id when it has no alias. */
    static String account(PlannedStep step) {
        if (!step.account().alias().equals(step.account().id())) {
            return step.account().alias();
        }
        return step.set()
                .flatMap(set -> set.members().stream()
                        .filter(m ->
                                m.account().equals(step.account()) && m.region().equals(step.region()))
                        .findFirst())
                .flatMap(m -> m.name())
                .map(n -> n + " (" + step.account().id() + ")")
                .orElse(step.account().id());
    }

    /** Every failure and skip; successes up to a sample. */
    void outcomes(List<Outcome> outcomes) {
        int done = 0;
        for (Outcome o : outcomes) {
            boolean success = o.status() == Outcome.Status.DONE;
            if (!success || done < LISTED) {
                out.accept("  " + o.targetId() + "  " + o.status().name().toLowerCase(Locale.ROOT) + "  " + o.detail());
            }
            if (success) {
                done++;
            }
        }
        if (done > LISTED) {
            out.accept("  … and " + (done - LISTED) + " more done");
        }
    }
}
