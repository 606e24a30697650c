package dev.guard.cli;

import dev.guard.error.ExitCode;
import dev.guard.json.Json;
import dev.guard.plan.Catalog;
import dev.guard.term.Printable;
import java.nio.file.Path;
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
        List<Catalog.Entry> entries = new Catalog(session.actions(), session.config(), context.env()).in(dir);
        if (session.global.json()) {
            Json.write(
                    session.out(),
                    Map.of("runbooks", entries.stream().map(ListCommand::json).toList()));
            return ExitCode.OK;
        }
        if (entries.isEmpty()) {
            session.out()
                    .println("No runbooks in "
                            + Printable.of(session.locator().shown(dir).toString()) + ".");
            return ExitCode.OK;
        }
        print(session, entries);
        session.out().flush();
        return ExitCode.OK;
    }

    /** The entry as {@code --output json} shows it, exact (unescaped). */
    private static Map<String, Object> json(Catalog.Entry e) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("file", e.file());
        row.put("valid", e.valid());
        row.put("name", e.name());
        row.put("actions", e.actions());
        row.put("description", e.description());
        return row;
    }

    /** The entries as an aligned table. */
    private static void print(Session session, List<Catalog.Entry> entries) {
        // At least 1: "%-0s" is not a format (a directory of only invalid runbooks has no actions).
        int width = Math.max(
                1,
                entries.stream()
                        .mapToInt(e -> Printable.of(e.name()).length())
                        .max()
                        .orElse(10));
        int actionsWidth = Math.max(
                1, entries.stream().mapToInt(e -> actions(e).length()).max().orElse(10));
        for (Catalog.Entry e : entries) {
            // Names and descriptions come from the runbooks: shown escaped, exact in --output json.
            String description = Printable.of(firstLine(e.description()));
            session.out()
                    .printf(
                            "%-" + width + "s  %-" + actionsWidth + "s  %s%n",
                            Printable.of(e.name()),
                            actions(e),
                            description);
        }
    }

    private static String actions(Catalog.Entry e) {
        return String.join(",", e.actions());
    }

    private static String firstLine(String s) {
        return s.lines().findFirst().orElse("");
    }
}
