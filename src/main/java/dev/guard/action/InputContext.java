package dev.guard.action;

import java.nio.file.Path;

/** What an action may need to check its inputs offline: where the runbook lives (for relative files). */
public record InputContext(Path runbookDirectory) {}
