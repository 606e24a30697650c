package dev.guard.plan;

import dev.guard.action.ActionRegistry;
import dev.guard.action.LocalFiles;
import dev.guard.config.Environment;
import dev.guard.config.GuardConfig;
import dev.guard.error.GuardException;
import dev.guard.runbook.Runbook;
import dev.guard.runbook.Step;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The runbooks of a directory, each loaded and summed up: name, actions, description, or why it
 * is invalid. Here, beside the loader, because deciding what a runbook is called and whether it
 * loads is the offline half's job; {@code guard list} only lays the entries out.
 */
public final class Catalog {
    /**
     * One runbook as listed.
     *
     * @param file the file as shown (relative to the working directory when inside it)
     * @param name the runbook's name, or its file's stem when it does not load (any character: escape it to print)
     * @param actions the actions its steps use, each once, in order
     * @param description its description, "" when it has none, or for an invalid one what is wrong and what to run
     */
    public record Entry(String file, boolean valid, String name, List<String> actions, String description) {}

    private final RunbookLoader loader;
    private final RunbookLocator locator;

    public Catalog(ActionRegistry actions, GuardConfig config, Environment env) {
        // Listing reads only the runbooks themselves: no file a step would upload.
        this.loader = new RunbookLoader(actions, config, LocalFiles.runbookDirectoryOnly(env));
        this.locator = new RunbookLocator(env, config.runbookDirectory());
    }

    /** Every runbook in {@code dir} and below, sorted by file. */
    public List<Entry> in(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw GuardException.invalid(dir + ": no such directory");
        }
        return RunbookLocator.runbooksIn(dir).stream()
                .map(file -> entry(file, loader.load(file, locator.shown(file))))
                .toList();
    }

    private Entry entry(Path file, RunbookLoader.Result r) {
        String shown = locator.shown(file).toString();
        List<String> actions = r.runbook()
                .map(b -> b.steps().stream().map(Step::action).distinct().toList())
                .orElse(List.of());
        String description = r.runbook()
                .flatMap(Runbook::description)
                .orElse(r.ok() ? "" : "INVALID: " + r.problems().size() + " problem(s); run guard validate " + shown);
        return new Entry(shown, r.ok(), r.runbook().map(Runbook::name).orElse(stem(file)), actions, description);
    }

    private static String stem(Path file) {
        String n = file.getFileName().toString();
        return n.substring(0, n.lastIndexOf('.'));
    }
}
