package dev.guard.run;

import dev.guard.action.Outcome;
import dev.guard.plan.AccountSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The summary of a run across account sets: one row per member (account, region, targets, done,
 * failed, skipped, status), for the terminal and {@code --output json}.
 */
public final class SetTable {
    private SetTable() {}

    /**
     * One member's row.
     *
     * @param step the set step's id as written in the runbook
     * @param status {@code ok}, {@code FAILED}, {@code skipped}, {@code not run}, {@code read} (a
     *     live plan), {@code allowed} / {@code DENIED} (a dry run)
     * @param note why it failed or did not run, when no target's outcome says it
     * @param memberFailed whether the member failed as its error budget counts it (status {@code FAILED})
     */
    public record Row(
            String step,
            String account,
            String region,
            int targets,
            int done,
            int failed,
            int skipped,
            String status,
            Optional<String> note,
            boolean memberFailed,
            String alias,
            String accountId) {}

    /** Every set member's row, by set step in runbook order. */
    public static Map<AccountSet, List<Row>> rows(List<Executor.StepReport> reports) {
        Map<AccountSet, List<Row>> sets = new LinkedHashMap<>();
        for (Executor.StepReport r : reports) {
            r.step()
                    .set()
                    .ifPresent(set ->
                            sets.computeIfAbsent(set, s -> new ArrayList<>()).add(row(set, r)));
        }
        return sets;
    }

    static Row row(AccountSet set, Executor.StepReport r) {
        int done = count(r, Outcome.Status.DONE);
        int failed = count(r, Outcome.Status.FAILED);
        int skipped = count(r, Outcome.Status.SKIPPED);
        String status;
        if (r.failed()) {
            status = "FAILED";
        } else if (r.note().isPresent()) {
            status = "not run"; // a member that did not fail has a note only when it was not run
        } else if (r.dryRun().isPresent()) {
            status = r.dryRun().get().allowed() ? "allowed" : "DENIED";
        } else if (r.outcomes().isEmpty()) {
            status = r.targets().isEmpty() ? "nothing to do" : "read";
        } else if (done == 0 && skipped > 0) {
            status = "skipped";
        } else {
            status = "ok";
        }
        return new Row(
                set.stepId(),
                StepView.account(r.step()),
                r.step().region(),
                r.targets().size(),
                done,
                failed,
                skipped,
                status,
                r.note(),
                r.failed(),
                r.step().account().alias(),
                r.step().account().id());
    }

    private static int count(Executor.StepReport r, Outcome.Status status) {
        return (int) r.outcomes().stream().filter(o -> o.status() == status).count();
    }

    /** The table, one block per set step; nothing when the run had no set. */
    static List<String> lines(List<Executor.StepReport> reports) {
        List<String> lines = new ArrayList<>();
        rows(reports).forEach((set, rows) -> {
            int width = Math.max(
                    7, rows.stream().mapToInt(r -> r.account().length()).max().orElse(0));
            int regionWidth = Math.max(
                    6, rows.stream().mapToInt(r -> r.region().length()).max().orElse(0));
            String format = "  %-" + width + "s  %-" + regionWidth + "s  %7s  %5s  %6s  %7s  %s";
            lines.add("");
            lines.add("Across the set — " + set.stepId() + " (" + SetSteps.reach(set) + "):");
            lines.add(String.format(format, "ACCOUNT", "REGION", "TARGETS", "DONE", "FAILED", "SKIPPED", "STATUS"));
            for (Row r : rows) {
                lines.add(String.format(
                        format,
                        r.account(),
                        r.region(),
                        r.targets(),
                        r.done(),
                        r.failed(),
                        r.skipped(),
                        r.status() + r.note().map(n -> ": " + n).orElse("")));
            }
        });
        return lines;
    }
}
