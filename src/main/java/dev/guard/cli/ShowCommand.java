package dev.guard.cli;

import dev.guard.error.ExitCode;
import dev.guard.json.Json;
import dev.guard.saved.SavedPlan;
import dev.guard.saved.SavedStep;
import dev.guard.term.Printable;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code guard show FILE}: a saved plan, read and checked, rendered like a plan. */
@Command(
        name = "show",
        description = {
            "Show a saved plan (guard plan --live -o FILE): its id, digest, runbook, caller, expiry, and every step"
                    + " with the targets as they were seen (state, tags, fingerprint). Offline; --output json prints"
                    + " the document."
        },
        footerHeading = "%nExamples:%n",
        footer = {"  guard show nightly.plan.json"})
final class ShowCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "The saved plan.")
    String file;

    @Spec
    CommandSpec spec;

    private final Context context;

    ShowCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Session session = new Session(context, spec.commandLine());
        SavedPlan saved = SavedPlan.read(context.env().resolve(file));
        if (session.global.json()) {
            Json.write(session.out(), saved.document());
            return ExitCode.OK;
        }
        List<String> lines;
        try {
            List<SavedStep> steps = SavedStep.of(saved);
            lines = new ArrayList<>(header(saved));
            for (SavedStep s : steps) {
                lines.addAll(step(s, steps.size()));
            }
        } catch (dev.guard.json.JsonException e) {
            throw dev.guard.error.GuardException.invalid(
                    file + ": not a saved plan guard can show (" + e.getMessage() + ")");
        }
        PrintWriter out = session.out();
        lines.forEach(l -> out.println(Printable.of(l)));
        out.flush();
        return ExitCode.OK;
    }

    private static List<String> header(SavedPlan saved) {
        var body = saved.body();
        var runbook = body.object("runbook");
        boolean expired = !Instant.now().isBefore(saved.expiresAt());
        List<String> lines = new ArrayList<>();
        lines.add("Saved plan " + saved.id() + ": " + runbook.string("name") + "  (" + runbook.string("path") + ")");
        lines.add("  digest:     " + saved.digest());
        lines.add("  runbook:    sha256 " + runbook.string("sha256"));
        Map<String, String> parameters = body.strings("parameters");
        if (!parameters.isEmpty()) {
            List<String> ps = new ArrayList<>();
            parameters.forEach((k, v) -> ps.add(k + "=" + v));
            lines.add("  parameters: " + String.join(", ", ps));
        }
        lines.add("  made by:    " + saved.planner() + " against " + body.string("endpoint"));
        lines.add("  created:    " + saved.createdAt());
        lines.add("  expires:    " + saved.expiresAt() + (expired ? "  EXPIRED: apply will refuse it" : ""));
        for (var c : body.list("credentials")) {
            lines.add("  creds:      " + c.string("step") + ": " + c.string("strategy")
                    + c.optionalString("role").map(r -> " " + r).orElse("") + " — " + c.string("reason"));
        }
        return lines;
    }

    private static List<String> step(SavedStep s, int steps) {
        List<String> lines = new ArrayList<>();
        lines.add("");
        lines.add("Step " + s.number() + "/" + steps + " " + s.id() + " — " + s.action() + " in " + s.accountAlias()
                + " (" + s.account() + ")" + (s.protectedAccount() ? " [protected]" : "") + ", " + s.region());
        s.inputs().forEach(i -> lines.add("  selects: " + i));
        lines.add("  confirm: " + s.confirm());
        s.alreadyDone().forEach(id -> lines.add("  " + id + "  already done when the plan was made"));
        if (s.targets().isEmpty()) {
            lines.add("  nothing to do");
        }
        for (var t : s.targets()) {
            List<String> parts = new ArrayList<>();
            t.state().ifPresent(parts::add);
            t.fingerprint().forEach((k, v) -> parts.add(k + "=" + v));
            lines.add("  " + t.id() + "  " + String.join("  ", parts));
            if (!t.tags().isEmpty()) {
                List<String> tags = new ArrayList<>();
                t.tags().forEach((k, v) -> tags.add(k + "=" + v));
                lines.add("      tags: " + String.join(", ", tags));
            }
        }
        lines.add("  → " + s.targets().size() + " target" + (s.targets().size() == 1 ? "" : "s"));
        return lines;
    }
}
