package dev.guard.cli;

import dev.guard.action.LocalFiles;
import dev.guard.config.Environment;
import dev.guard.error.GuardException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Where a runbook may upload local files from, shared by {@code validate}, {@code plan} and {@code run}. */
final class FileOptions {
    static final String ALLOW_FILES_FROM = "Also allow s3:PutObject file: paths in DIR (repeatable). By default a"
            + " runbook uploads only files in its own directory; secret files (~/.aws, ~/.ssh, private keys, ...) never.";

    // Also declared in CommandSpecs.validate and PlanSpec, for validate and plan, which read no annotations.
    @Option(names = "--allow-files-from", paramLabel = "DIR", description = ALLOW_FILES_FROM)
    List<String> allowFilesFrom = new ArrayList<>();

    LocalFiles localFiles(Environment env) {
        try {
            return LocalFiles.allowing(env, allowFilesFrom);
        } catch (IllegalArgumentException e) {
            throw GuardException.invalid(e.getMessage());
        }
    }
}
