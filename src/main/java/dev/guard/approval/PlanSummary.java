package dev.guard.approval;

import dev.guard.json.JsonException;
import dev.guard.json.JsonObject;
import dev.guard.saved.SavedPlan;
import dev.guard.term.Printable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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

    /** Each step's confirmation: typed (its word), yes (y/N) or none. */
    public static List<StepConfirmation> confirmations(SavedPlan plan) {
        List<StepConfirmation> out = new ArrayList<>();
        for (JsonObject s : plan.steps()) {
            int n = targets(s).size();
            String what =
                    "approve " + text(s, "action") + " of " + n + " target" + (n == 1 ? "" : "s") + " in " + account(s);
            out.add(new StepConfirmation(text(s, "id"), text(s, "confirm"), text(s, "confirmWord"), what));
        }
        return out;
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
