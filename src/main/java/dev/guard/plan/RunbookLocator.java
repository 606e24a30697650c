package dev.guard.plan;

import dev.guard.config.Environment;
import dev.guard.error.GuardException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
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
        // An iterator, not stream filters: a validate of a directory runs this, and on JDK 17 each
        // lambda call site costs ~60 µs to link the first time.
        try (Stream<Path> files = Files.walk(directory, 8)) {
            List<Path> runbooks = new ArrayList<>();
            Iterator<Path> walked = files.iterator();
            while (walked.hasNext()) {
                Path p = walked.next();
                if (Files.isRegularFile(p) && isYaml(p) && !hidden(directory, p)) {
                    runbooks.add(p);
                }
            }
            Collections.sort(runbooks);
            return List.copyOf(runbooks);
        } catch (IOException e) {
            throw GuardException.invalid(
                    directory + ": cannot list the directory (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static boolean isYaml(Path p) {
        String n = p.getFileName().toString();
        return n.endsWith(".yaml") || n.endsWith(".yml");
    }

    private static boolean hidden(Path directory, Path p) {
        for (Path part : directory.relativize(p)) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    /** How to show {@code file} in messages: relative to the working directory when inside it. */
    public Path shown(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        return abs.startsWith(env.workingDirectory()) ? env.workingDirectory().relativize(abs) : abs;
    }
}
