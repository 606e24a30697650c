package dev.guard.cli;

import dev.guard.error.ExitCode;
import dev.guard.error.GuardException;
import dev.guard.json.Json;
import dev.guard.plan.PlanBuilder;
import dev.guard.plan.RunbookLoader;
import dev.guard.plan.RunbookLocator;
import dev.guard.term.Printable;
import dev.guard.yaml.Problem;
import dev.guard.yaml.Problems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code guard validate}: checks runbooks without touching AWS. */
@Command(
        name = "validate",
        description = {
            "Check runbooks strictly, offline: YAML, structure, types, identifiers, parameters, guards, accounts.",
            "Every problem is printed as file:line:col: message. Exit code 2 if any runbook is invalid."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  guard validate runbooks/terminate-dev-instance.yaml",
            "  guard validate runbooks/            # every *.yaml / *.yml below it",
            "  guard validate                      # the configured runbook directory",
            "  guard validate runbooks/ --output json"
        })
final class ValidateCommand implements Callable<Integer> {
    @Parameters(
            arity = "0..*",
            paramLabel = "RUNBOOK",
            description = "Runbook files, names or directories (default: the runbook directory).")
    List<String> paths = new ArrayList<>();

    @Mixin
    FileOptions fileOptions;

    @Spec
    CommandSpec spec;

    private final Context context;

    ValidateCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Session session = new Session(context, spec.commandLine());
        RunbookLocator locator = session.locator();
        List<Path> files = new ArrayList<>();
        if (paths.isEmpty()) {
            files.addAll(directory(session.config().runbookDirectory()));
        }
        for (String p : paths) {
            Path path = context.env().resolve(p);
            // A bare name is looked up as `guard run` does; a path that does not exist is reported
            // as that file's problem, and the other files are still checked.
            boolean bareName = !p.contains("/") && !Files.exists(path);
            files.addAll(
                    Files.isDirectory(path) ? directory(path) : List.of(bareName ? locateOr(locator, p, path) : path));
        }
        RunbookLoader loader =
                new RunbookLoader(session.actions(), session.config(), fileOptions.localFiles(context.env()));
        PlanBuilder planner = new PlanBuilder(session.actions(), session.config(), context.env());
        List<Map<String, Object>> report = new ArrayList<>();
        int invalid = 0;
        for (Path file : files) {
            RunbookLoader.Result result = refusedCredentials(planner, loader.load(file, locator.shown(file)));
            if (!result.ok()) {
                invalid++;
            }
            report.add(entry(locator.shown(file), result));
            if (!session.global.json()) {
                print(session, locator.shown(file), result);
            }
        }
        if (session.global.json()) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("valid", files.size() - invalid);
            doc.put("invalid", invalid);
            doc.put("files", report);
            Json.write(session.out(), doc);
        } else if (files.size() > 1) {
            session.out()
                    .println(files.size() + " runbooks checked: " + (files.size() - invalid) + " valid, " + invalid
                            + " invalid");
        }
        session.out().flush();
        session.err().flush();
        return invalid == 0 ? ExitCode.OK : ExitCode.INVALID_INPUT;
    }

    /** A valid runbook whose credentials plan would refuse is as invalid here as there. */
    private static RunbookLoader.Result refusedCredentials(PlanBuilder planner, RunbookLoader.Result loaded) {
        if (!loaded.ok()) {
            return loaded;
        }
        var runbook = loaded.runbook().orElseThrow();
        Problems refused = planner.credentialProblems(runbook, loaded.problems().file());
        return refused.isEmpty() ? loaded : new RunbookLoader.Result(java.util.Optional.empty(), refused);
    }

    private static Path locateOr(RunbookLocator locator, String name, Path fallback) {
        try {
            return locator.locate(name);
        } catch (GuardException e) {
            return fallback;
        }
    }

    private static List<Path> directory(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw GuardException.invalid(dir + ": no such directory");
        }
        List<Path> files = RunbookLocator.runbooksIn(dir);
        if (files.isEmpty()) {
            throw GuardException.invalid(dir + ": no runbooks (*.yaml, *.yml) found");
        }
        return files;
    }

    private static void print(Session session, Path shown, RunbookLoader.Result result) {
        var style = session.style();
        for (Problem w : result.problems().warnings()) {
            session.err().println(w);
        }
        if (result.ok()) {
            session.out().println(style.green("ok") + "   " + Printable.of(shown.toString()));
            return;
        }
        for (Problem p : result.problems().sorted()) {
            session.err().println(Printable.of(p.toString()));
        }
    }

    private static Map<String, Object> entry(Path shown, RunbookLoader.Result result) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", shown.toString());
        m.put("valid", result.ok());
        result.runbook().ifPresent(r -> m.put("name", r.name()));
        List<Map<String, Object>> problems = new ArrayList<>();
        for (Problem p : result.problems().sorted()) {
            Map<String, Object> pm = new LinkedHashMap<>();
            pm.put("line", p.position() == null ? null : p.position().line());
            pm.put("column", p.position() == null ? null : p.position().column());
            pm.put("message", p.message());
            problems.add(pm);
        }
        m.put("problems", problems);
        m.put(
                "warnings",
                result.problems().warnings().stream().map(Problem::toString).toList());
        return m;
    }
}
