package dev.guard.cli;

import dev.guard.error.ExitCode;
import dev.guard.json.Json;
import dev.guard.plan.RunbookLoader;
import dev.guard.plan.Validation;
import dev.guard.term.Printable;
import dev.guard.yaml.Problem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

/** {@code guard validate}: checks runbooks without touching AWS. Its model: {@link CommandSpecs#validate}. */
final class ValidateCommand implements Callable<Integer> {
    List<String> paths = new ArrayList<>();

    FileOptions fileOptions;

    CommandSpec spec;

    private final Context context;

    ValidateCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Session session = new Session(context, spec.commandLine());
        List<Validation.Checked> checked = new Validation(
                        session.actions(), session.config(), context.env(), fileOptions.localFiles(context.env()))
                .check(paths);
        List<Map<String, Object>> report = new ArrayList<>();
        int invalid = 0;
        for (Validation.Checked c : checked) {
            if (!c.result().ok()) {
                invalid++;
            }
            report.add(entry(c.shown(), c.result()));
            if (!session.global.json()) {
                print(session, c.shown(), c.result());
            }
        }
        int files = checked.size();
        if (session.global.json()) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("valid", files - invalid);
            doc.put("invalid", invalid);
            doc.put("files", report);
            Json.write(session.out(), doc);
        } else if (files > 1) {
            session.out()
                    .println(files + " runbooks checked: " + (files - invalid) + " valid, " + invalid + " invalid");
        }
        session.out().flush();
        session.err().flush();
        return invalid == 0 ? ExitCode.OK : ExitCode.INVALID_INPUT;
    }

    private static void print(Session session, Path shown, RunbookLoader.Result result) {
        var style = session.style();
        for (Problem w : result.problems().warnings()) {
            session.diagnostics().line(false, Printable.of(w.toString()), w.toString());
        }
        if (result.ok()) {
            session.out().println(style.green("ok") + "   " + Printable.of(shown.toString()));
            return;
        }
        for (Problem p : result.problems().sorted()) {
            session.diagnostics().line(true, Printable.of(p.toString()), p.toString());
        }
    }

    private static Map<String, Object> entry(Path shown, RunbookLoader.Result result) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", shown.toString());
        m.put("valid", result.ok());
        // Plain code, not Optional.ifPresent or a stream: on JDK 17 each lambda call site costs
        // ~60 µs to link at start-up.
        if (result.runbook().isPresent()) {
            m.put("name", result.runbook().get().name());
        }
        List<Map<String, Object>> problems = new ArrayList<>();
        for (Problem p : result.problems().sorted()) {
            Map<String, Object> pm = new LinkedHashMap<>();
            pm.put("line", p.position() == null ? null : p.position().line());
            pm.put("column", p.position() == null ? null : p.position().column());
            pm.put("message", p.message());
            problems.add(pm);
        }
        m.put("problems", problems);
        List<String> warnings = new ArrayList<>();
        for (Problem w : result.problems().warnings()) {
            warnings.add(w.toString());
        }
        m.put("warnings", List.copyOf(warnings));
        return m;
    }
}
