package dev.guard.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The runbook and its parameters, shared by {@code run} and {@code plan}. */
final class RunbookOptions {
    @Parameters(
            index = "0",
            paramLabel = "RUNBOOK",
            description =
                    "A runbook file, or its name: looked up in the working directory, then the runbook directory.")
    String runbook;

    @Option(
            names = {"-p", "--param"},
            paramLabel = "NAME=VALUE",
            description = "A parameter value (repeatable). Missing ones are prompted for on a terminal.")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--params-file", paramLabel = "FILE", description = "YAML or JSON file of parameter values.")
    String paramsFile;
}
