package dev.guard.cli;

import dev.guard.audit.AuditHistory;
import dev.guard.error.ExitCode;
import dev.guard.json.Json;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code guard audit show}: the audit log as a person reads it, one run per block. */
@Command(
        name = "show",
        description = {
            "Show the audit log as a person reads it: one block per run (its id, who, the runbook, when, the"
                    + " mode, each step's targets, confirmation and outcomes, how it ended; a run with no end is"
                    + " shown as interrupted or still running), and one line per record that is not a run"
                    + " (approvals, ad-hoc access). Oldest first. Reads the log only; guard audit verify checks"
                    + " its chain."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  guard audit show --since 2h              # the runs of the last two hours",
            "  guard audit show --run 3f2a              # one run, by the start of its id",
            "  guard audit show --since 3d --output json | jq '.runs[].runbook'"
        })
final class AuditShowCommand implements Callable<Integer> {
    @Option(
            names = "--since",
            paramLabel = "DURATION",
            description = "Only runs begun this long ago or later: 30m, 2h, 3d, 1w (s, m, h, d, w).")
    String since;

    @Option(names = "--run", paramLabel = "ID", description = "Only this run: its id, or the start of it if unique.")
    String run;

    @Option(names = "--file", paramLabel = "FILE", description = "Another log than the config's audit.path.")
    String file;

    @Spec
    CommandSpec spec;

    private final Context context;

    AuditShowCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        // Bad values first: one line and exit 2 before the config or the log is read.
        Optional<Duration> window = Optional.ofNullable(since).map(AuditHistory::duration);
        Session session = new Session(context, spec.commandLine());
        Path log = file == null ? session.config().auditLog() : context.env().resolve(file);
        AuditHistory.History history = AuditHistory.history(log);
        if (!history.problems().isEmpty()) {
            // Shown all the same (it may be all there is), but never as if it were intact.
            session.diagnostics()
                    .warning("warning: the audit log's chain is broken ("
                            + history.problems().size()
                            + " problem" + (history.problems().size() == 1 ? "" : "s")
                            + "; guard audit verify names them): what follows may have been edited");
        }
        List<AuditHistory.Run> runs =
                AuditHistory.select(history.runs(), window, Optional.ofNullable(run), Instant.now());
        var out = session.out();
        if (session.global.json()) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("path", log.toString());
            doc.put("runs", runs.stream().map(AuditShow::json).toList());
            Json.write(out, doc);
        } else if (runs.isEmpty()) {
            out.println("no runs in " + log + (window.isPresent() ? " since " + since + " ago" : ""));
        } else {
            for (int i = 0; i < runs.size(); i++) {
                AuditShow.text(runs.get(i), i > 0).forEach(out::println);
            }
        }
        out.flush();
        return ExitCode.OK;
    }
}
