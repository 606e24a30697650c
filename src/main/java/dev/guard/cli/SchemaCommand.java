package dev.guard.cli;

import dev.guard.action.ActionRegistry;
import dev.guard.error.ExitCode;
import dev.guard.plan.RunbookSchema;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code guard schema}: prints the runbook JSON Schema for editors. */
@Command(
        name = "schema",
        description = {
            "Print the JSON Schema (draft 2020-12) for runbooks, for editor completion and checking.",
            "Runbooks point at it with a first line such as:",
            "  # yaml-language-server: $schema=runbook.schema.json"
        },
        footerHeading = "%nExamples:%n",
        footer = {"  guard schema > runbook.schema.json"})
final class SchemaCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(RunbookSchema.text(ActionRegistry.standard()));
        spec.commandLine().getOut().flush();
        return ExitCode.OK;
    }
}
