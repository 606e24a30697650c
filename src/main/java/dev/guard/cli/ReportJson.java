package dev.guard.cli;

import dev.guard.action.Outcome;
import dev.guard.action.Target;
import dev.guard.run.Executor;
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
        return doc;
    }
}
