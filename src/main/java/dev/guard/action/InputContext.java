package dev.guard.action;

import dev.guard.config.Environment;
import java.nio.file.Path;

/**
 * What an action may need to check its inputs offline: where the runbook lives (for relative
 * files) and which local files it may upload.
 */
public record InputContext(Path runbookDirectory, LocalFiles files) {
    /** Files from the runbook's own directory only, in the process's environment. */
    public InputContext(Path runbookDirectory) {
        this(runbookDirectory, LocalFiles.runbookDirectoryOnly(Environment.system()));
    }
}
