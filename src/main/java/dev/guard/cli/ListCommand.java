package dev.guard.cli;

import dev.guard.action.LocalFiles;
import dev.guard.error.ExitCode;
import dev.guard.json.Json;
import dev.guard.plan.RunbookLoader;
import dev.guard.plan.RunbookLocator;
import dev.guard.runbook.Runbook;
import dev.guard.runbook.Step;
import dev.guard.term.Printable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code guard list}: the runbooks in the runbook directory, one line each. */
@Command(
        name = "list",
        description = "List the runbooks found in the runbook directory (config runbooks.dir, default ./runbooks), one"
                + " line each: name, actions, description. Invalid runbooks are listed and marked.",
        footerHeading = "%nExamples:%n",
        footer = {"  guard list", "  guard list ~/ops/runbooks", "  guard list --output json"})
final class ListCommand implements Callable<Integer> {
    @Parameters(arity = "0..1", paramLabel = "DIR", description = "Directory to list instead of the runbook directory.")
    String directory;

    @Spec
    CommandSpec spec;

    private final Context context;

    ListCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Session session = new Session(context, spec.commandLine());
        Path dir = directory == null
                ? session.config().runbookDirectory()
                : context.env().resolve(directory);
        if (!Files.isDirectory(dir)) {
            throw dev.guard.error.GuardException.invalid(dir + ": no such directory");
        }
        RunbookLocator locator = session.locator();
        RunbookLoader loader =
                new RunbookLoader(session.actions(), session.config(), LocalFiles.runbookDirectoryOnly(context.env()));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Path file : RunbookLocator.runbooksIn(dir)) {
            rows.add(row(file, loader.load(file, locator.shown(file)), locator));
        }
        if (session.global.json()) {
            Json.write(session.out(), Map.of("runbooks", rows));
            return ExitCode.OK;
        }
        if (rows.isEmpty()) {
            session.out()
                    .println("No runbooks in " + Printable.of(locator.shown(dir).toString()) + ".");
            return ExitCode.OK;
        }
        print(session, rows);
        session.out().flush();
        return ExitCode.OK;
    }

    /** One runbook's line: its name, actions and description, or why it is invalid. */
    private static Map<String, Object> row(Path file, RunbookLoader.Result r, RunbookLocator locator) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("file", locator.shown(file).toString());
        row.put("valid", r.ok());
        // An invalid runbook is named by its file, whose name may hold any character: escaped when printed.
        row.put("name", r.runbook().map(Runbook::name).orElse(stem(file)));
        row.put(
                "actions",
                r.runbook()
                        .map(b ->
                                b.steps().stream().map(Step::action).distinct().toList())
                        .orElse(List.of()));
        row.put(
                "description",
                r.runbook()
                        .flatMap(Runbook::description)
                        .orElse(
                                r.ok()
                                        ? ""
                                        : "INVALID: " + r.problems().size() + " problem(s); run guard validate "
                                                + locator.shown(file)));
        return row;
    }

    /** The rows as an aligned table. */
    private static void print(Session session, List<Map<String, Object>> rows) {
        // At least 1: "%-0s" is not a format (a directory of only invalid runbooks has no actions).
        int width = Math.max(
                1,
                rows.stream()
                        .mapToInt(r -> Printable.of(r.get("name").toString()).length())
                        .max()
                        .orElse(10));
        int actionsWidth = Math.max(
                1, rows.stream().mapToInt(r -> actions(r).length()).max().orElse(10));
        for (Map<String, Object> row : rows) {
            // Names and descriptions come from the runbooks: shown escaped, exact in --output json.
            String description = Printable.of(firstLine(row.get("description").toString()));
            session.out()
                    .printf(
                            "%-" + width + "s  %-" + actionsWidth + "s  %s%n",
                            Printable.of(row.get("name").toString()),
                            actions(row),
                            description);
        }
    }

    private static String actions(Map<String, Object> row) {
        return String.join(
                ",",
                ((List<?>) row.get("actions")).stream().map(Object::toString).toList());
    }

    private static String firstLine(String s) {
        return s.lines().findFirst().orElse("");
    }

    private static String stem(Path file) {
        String n = file.getFileName().toString();
        return n.substring(0, n.lastIndexOf('.'));
    }
}
