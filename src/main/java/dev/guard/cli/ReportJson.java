package dev.guard.cli;

import dev.guard.action.Outcome;
import dev.guard.action.Target;
import dev.guard.run.Executor;
import dev.guard.run.SetTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A run's result for {@code --output json}, beside the plan (see the README's JSON section). */
final class ReportJson {
    private ReportJson() {}

    static Map<String, Object> of(Executor.Report report) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("exitCode", report.exitCode());
        doc.put("summary", report.summary());
        doc.put("refusals", report.refusals());
        List<Object> steps = new ArrayList<>();
        for (Executor.StepReport s : report.steps()) {
            Map<String, Object> step = new LinkedHashMap<>();
            step.put("id", s.step().step().id());
            List<Object> targets = new ArrayList<>();
            for (Target t : s.targets()) {
                Map<String, Object> target = new LinkedHashMap<>();
                target.put("id", t.id());
                target.put("state", t.state().orElse(null));
                target.put("tags", t.tags());
                target.put("protection", t.protection().orElse(null));
                targets.add(target);
            }
            step.put("targets", targets);
            List<Object> outcomes = new ArrayList<>();
            for (Outcome o : s.outcomes()) {
                Map<String, Object> outcome = new LinkedHashMap<>();
                outcome.put("id", o.targetId());
                outcome.put("status", o.status().name().toLowerCase(Locale.ROOT));
                outcome.put("detail", o.detail());
                outcomes.add(outcome);
            }
            step.put("outcomes", outcomes);
            s.dryRun()
                    .ifPresent(d -> step.put(
                            "dryRun", Map.of("allowed", d.allowed(), "checked", d.checked(), "detail", d.detail())));
            steps.add(step);
        }
        doc.put("steps", steps);
        List<Object> sets = sets(report);
        if (!sets.isEmpty()) {
            doc.put("sets", sets);
        }
        return doc;
    }

    /** Per set step: each member's row of the summary table, and the totals. */
    private static List<Object> sets(Executor.Report report) {
        List<Object> sets = new ArrayList<>();
        SetTable.rows(report.steps()).forEach((set, rows) -> {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("step", set.stepId());
            one.put("sources", set.sources());
            one.put("maxConcurrency", set.maxConcurrency());
            one.put("maxErrors", set.maxErrors().toString());
            List<Object> members = new ArrayList<>();
            for (SetTable.Row r : rows) {
                Map<String, Object> m = new LinkedHashMap<>();
                // As in the plan's JSON: the alias and the id apart, and the label as the table shows it.
                m.put("account", r.alias());
                m.put("accountId", r.accountId());
                m.put("label", r.account());
                m.put("region", r.region());
                m.put("targets", r.targets());
                m.put("done", r.done());
                m.put("failed", r.failed());
                m.put("skipped", r.skipped());
                m.put("status", r.status());
                m.put("note", r.note().orElse(null));
                members.add(m);
            }
            one.put("members", members);
            Map<String, Object> totals = new LinkedHashMap<>();
            totals.put("members", rows.size());
            totals.put("targets", rows.stream().mapToInt(SetTable.Row::targets).sum());
            totals.put("done", rows.stream().mapToInt(SetTable.Row::done).sum());
            totals.put("failed", rows.stream().mapToInt(SetTable.Row::failed).sum());
            totals.put("skipped", rows.stream().mapToInt(SetTable.Row::skipped).sum());
            totals.put(
                    "failedMembers",
                    rows.stream().filter(SetTable.Row::memberFailed).count());
            one.put("totals", totals);
            sets.add(one);
        });
        return sets;
    }
}
