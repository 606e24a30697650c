package dev.guard.plan;

import dev.guard.action.ActionRegistry;
import dev.guard.action.LocalFiles;
import dev.guard.config.Environment;
import dev.guard.config.GuardConfig;
import dev.guard.error.GuardException;
import dev.guard.yaml.Problems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code guard validate}: the load and validate stages over many runbooks, each checked as a run
 * would check it, its credential plan included, without stopping at the first invalid one.
 */
public final class Validation {
    /** One runbook's verdict, named as the operator reads it. */
    public record Checked(Path shown, RunbookLoader.Result result) {}

    private final RunbookLocator locator;
    private final RunbookLoader loader;
    private final PlanBuilder planner;
    private final GuardConfig config;
    private final Environment env;

    public Validation(ActionRegistry actions, GuardConfig config, Environment env, LocalFiles files) {
        this.locator = new RunbookLocator(env, config.runbookDirectory());
        this.loader = new RunbookLoader(actions, config, files);
        this.planner = new PlanBuilder(actions, config, env);
        this.config = config;
        this.env = env;
    }

    /** @param paths runbook files, names or directories; none means the runbook directory */
    public List<Checked> check(List<String> paths) {
        List<Checked> checked = new ArrayList<>();
        for (Path file : files(paths)) {
            checked.add(new Checked(locator.shown(file), refusedCredentials(loader.load(file, locator.shown(file)))));
        }
        return checked;
    }

    private List<Path> files(List<String> paths) {
        List<Path> files = new ArrayList<>();
        if (paths.isEmpty()) {
            files.addAll(directory(config.runbookDirectory()));
        }
        for (String p : paths) {
            Path path = env.resolve(p);
            // A bare name is looked up as `guard run` does; a path that does not exist is reported
            // as that file's problem, and the other files are still checked.
            boolean bareName = !p.contains("/") && !Files.exists(path);
            files.addAll(Files.isDirectory(path) ? directory(path) : List.of(bareName ? locateOr(p, path) : path));
        }
        return files;
    }

    /** A valid runbook whose credentials plan would refuse is as invalid here as there. */
    private RunbookLoader.Result refusedCredentials(RunbookLoader.Result loaded) {
        if (!loaded.ok()) {
            return loaded;
        }
        var runbook = loaded.runbook().orElseThrow();
        Problems refused = planner.credentialProblems(runbook, loaded.problems().file());
        return refused.isEmpty() ? loaded : new RunbookLoader.Result(Optional.empty(), refused);
    }

    private Path locateOr(String name, Path fallback) {
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
}
