package dev.guard.cli;

import dev.guard.error.GuardException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The runbook and its parameters, shared by {@code run} and {@code plan}; plan declares the same
 * options without annotations, in {@link PlanSpec}.
 */
final class RunbookOptions {
    // The descriptions are shared with plan's model, built without annotations (PlanSpec).
    static final String RUNBOOK =
            "A runbook file, or its name: looked up in the working directory, then the runbook directory.";

    static final String PARAM = "A parameter value (repeatable). Missing ones are prompted for on a terminal.";

    static final String PARAMS_FILE = "YAML or JSON file of parameter values.";

    @Parameters(index = "0", paramLabel = "RUNBOOK", description = RUNBOOK)
    String runbook;

    @Option(
            names = {"-p", "--param"},
            paramLabel = "NAME=VALUE",
            description = PARAM)
    List<String> params = new ArrayList<>();

    @Option(names = "--params-file", paramLabel = "FILE", description = PARAMS_FILE)
    String paramsFile;

    @Mixin
    FileOptions files;

    /** The -p values by name. A name given twice is refused: which one would a destructive run use? */
    Map<String, String> parameters() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String p : params) {
            int eq = p.indexOf('=');
            if (eq <= 0) {
                throw GuardException.invalid("-p '" + p + "': expected NAME=VALUE"); // shown escaped
            }
            String name = p.substring(0, eq);
            if (out.put(name, p.substring(eq + 1)) != null) {
                throw GuardException.invalid("-p " + name + " is given twice; give each parameter once");
            }
        }
        return out;
    }
}
