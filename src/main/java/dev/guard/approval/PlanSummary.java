package dev.guard.approval;

import dev.guard.json.JsonException;
import dev.guard.json.JsonObject;
import dev.guard.run.SetWord;
import dev.guard.saved.SavedPlan;
import dev.guard.term.Printable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A saved plan as an approver reads it before approving: the runbook, who planned it and when it
 * expires, then each step with its account and every target it will act on. Values are escaped
 * ({@link Printable}): they came from AWS and from the runbook.
 */
public final class PlanSummary {
    /** What one step asks its approver to confirm, as {@code run} would ask it. */
    public record StepConfirmation(String id, String confirm, String word, String what) {}

    private PlanSummary() {}

    /** The summary, line by line. */
    public static List<String> lines(SavedPlan plan) {
        List<String> out = new ArrayList<>();
        out.add("Plan " + Printable.of(plan.id()) + " of runbook " + Printable.of(runbookName(plan)));
        out.add("  digest:   " + plan.digest());
        out.add("  planner:  " + Printable.of(plan.planner()));
        out.add("  created:  " + plan.createdAt() + ", expires " + plan.expiresAt());
        for (JsonObject s : plan.steps()) {
            out.add("");
            out.add("Step " + text(s, "number") + " " + Printable.of(text(s, "id")) + " — "
                    + Printable.of(text(s, "action")) + " in " + Printable.of(account(s)) + ", "
                    + Printable.of(text(s, "region")));
            List<JsonObject> targets = targets(s);
            out.add("  targets (" + targets.size() + "):");
            for (JsonObject t : targets) {
                out.add("    " + Printable.of(text(t, "id"))
                        + t.optionalString("state")
                                .map(st -> " (" + Printable.of(st) + ")")
                                .orElse(""));
            }
            out.add("  confirm:  " + Printable.of(text(s, "confirm")));
        }
        return out;
    }

    /**
     * Each step's confirmation: typed (its word), yes (y/N) or none. An account set's members (the
     * consecutive steps {@code stop@dev-01}, {@code stop@dev-02}, … of one number) are asked once,
     * as {@code run} asks them: the word is the number of accounts the change reaches.
     */
    public static List<StepConfirmation> confirmations(SavedPlan plan) {
        List<StepConfirmation> out = new ArrayList<>();
        List<JsonObject> steps = plan.steps();
        for (int i = 0; i < steps.size(); ) {
            JsonObject s = steps.get(i);
            int end = i + 1;
            while (end < steps.size() && sameSet(s, steps.get(end))) {
                end++;
            }
            if (setStepId(s).isPresent()) {
                out.add(setConfirmation(steps.subList(i, end)));
            } else {
                int n = targets(s).size();
                String what = "approve " + text(s, "action") + " of " + n + " target" + (n == 1 ? "" : "s") + " in "
                        + account(s);
                out.add(new StepConfirmation(text(s, "id"), text(s, "confirm"), text(s, "confirmWord"), what));
            }
            i = end;
        }
        return out;
    }

    /** A member's id is {@code stepId@account[/region]}: a runbook's own step ids cannot hold {@code @}. */
    private static Optional<String> setStepId(JsonObject s) {
        String id = text(s, "id");
        int at = id.indexOf('@');
        return at > 0 ? Optional.of(id.substring(0, at)) : Optional.empty();
    }

    private static boolean sameSet(JsonObject first, JsonObject next) {
        return setStepId(first).isPresent()
                && setStepId(first).equals(setStepId(next))
                && text(first, "number").equals(text(next, "number"));
    }

    /** The strongest confirmation of the members (typed over yes over none), once for the set. */
    private static StepConfirmation setConfirmation(List<JsonObject> members) {
        List<String> asked = members.stream().map(m -> text(m, "confirm")).toList();
        String confirm = asked.contains("typed") ? "typed" : asked.contains("yes") ? "yes" : "none";
        int targets = members.stream().mapToInt(m -> targets(m).size()).sum();
        long acting = members.stream().filter(m -> !targets(m).isEmpty()).count();
        long accounts = members.stream().map(m -> text(m, "account")).distinct().count();
        long changing = members.stream()
                .filter(m -> !targets(m).isEmpty())
                .map(m -> text(m, "account"))
                .distinct()
                .count();
        String word = SetWord.of(changing);
        String what = "approve " + text(members.get(0), "action") + " of " + targets + " target"
                + (targets == 1 ? "" : "s") + " in " + word
                + (acting < members.size()
                        ? " (" + acting + " of the set's " + members.size() + " members have targets)"
                        : accounts < members.size() ? " (" + members.size() + " account × region members)" : "");
        if (changing == 0 && confirm.equals("typed")) {
            confirm = "yes"; // "0 accounts" is no word to type: nothing in the set would change
        }
        return new StepConfirmation(setStepId(members.get(0)).orElseThrow(), confirm, word, what);
    }

    /** The runbook's name as the plan saved it ({@code runbook.name}). */
    public static String runbookName(SavedPlan plan) {
        Object runbook = plan.document().get("runbook");
        return runbook instanceof Map<?, ?> m && m.get("name") instanceof String name ? name : "(unnamed)";
    }

    private static String account(JsonObject s) {
        String id = text(s, "account");
        String alias = s.optionalString("accountAlias").orElse(id);
        boolean isProtected = false;
        try {
            isProtected = s.bool("protected");
        } catch (JsonException e) {
            // an older or hand-made plan: shown without the mark
        }
        return (alias.equals(id) ? id : alias + " (" + id + ")") + (isProtected ? ", protected" : "");
    }

    private static List<JsonObject> targets(JsonObject s) {
        try {
            return s.list("targets");
        } catch (JsonException e) {
            return List.of();
        }
    }

    /** A field as text, whatever its JSON type; {@code ?} when absent. */
    private static String text(JsonObject o, String key) {
        try {
            return o.optionalString(key).orElse("?");
        } catch (JsonException e) {
            try {
                return String.valueOf(o.number(key));
            } catch (JsonException e2) {
                return "?";
            }
        }
    }
}
