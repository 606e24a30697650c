package dev.guard.plan;

import dev.guard.config.Environment;
import dev.guard.error.GuardException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds runbooks: {@code guard run terminate-dev-instance}, {@code terminate-dev-instance.yaml}
 * and a path all work. A bare name is looked up in the working directory, then in the runbook
 * directory; {@code .yaml} and {@code .yml} may be left off.
 */
public final class RunbookLocator {
    private final Environment env;
    private final Path runbookDirectory;

    public RunbookLocator(Environment env, Path runbookDirectory) {
        this.env = env;
        this.runbookDirectory = runbookDirectory;
    }

    public Path locate(String argument) {
        if (argument.isBlank()) {
            // Path.of("") is the working directory: "'': is a directory" says nothing useful.
            throw GuardException.invalid("an empty runbook name; name a runbook file, or one from 'guard list'");
        }
        List<Path> bases = new ArrayList<>();
        bases.add(env.workingDirectory());
        boolean bareName = !argument.contains("/") && !argument.contains("\\");
        if (bareName) {
            bases.add(runbookDirectory);
        }
        for (Path base : bases) {
            for (String candidate : List.of(argument, argument + ".yaml", argument + ".yml")) {
                Path p = candidate.startsWith("~")
                        ? env.resolve(candidate)
                        : base.resolve(candidate).normalize();
                if (Files.isRegularFile(p)) {
                    return p;
                }
                if (Files.exists(p) && !Files.isDirectory(p)) {
                    // A FIFO or device would block or never end if read; it is there, so say what it is.
                    throw GuardException.invalid(
                            candidate + ": not a regular file (a device, pipe or socket); expected a YAML file");
                }
                if (candidate.equals(argument) && Files.isDirectory(p)) {
                    throw GuardException.invalid(
                            argument + ": is a directory; name one runbook (guard validate accepts" + " directories)");
                }
            }
        }
        String where = bareName ? " in " + env.workingDirectory() + " or " + runbookDirectory : "";
        throw GuardException.invalid("runbook '" + argument + "' not found" + where
                + " (tried .yaml and .yml; 'guard list' shows the runbooks there are)");
    }

    /** Every runbook file in {@code directory} and below, sorted; hidden entries are skipped. */
    public static List<Path> runbooksIn(Path directory) {
        try (Stream<Path> files = Files.walk(directory, 8)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> {
                        String n = p.getFileName().toString();
                        return n.endsWith(".yaml") || n.endsWith(".yml");
                    })
                    .filter(p -> {
                        for (Path part : directory.relativize(p)) {
                            if (part.toString().startsWith(".")) {
                                return false;
                            }
                        }
                        return true;
                    })
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw GuardException.invalid(
                    directory + ": cannot list the directory (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** How to show {@code file} in messages: relative to the working directory when inside it. */
    public Path shown(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        return abs.startsWith(env.workingDirectory()) ? env.workingDirectory().relativize(abs) : abs;
    }
}
