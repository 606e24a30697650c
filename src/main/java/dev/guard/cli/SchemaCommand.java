package dev.guard.cli;

import dev.guard.error.ExitCode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
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
            "  # yaml-language-server: $schema=../docs/runbook.schema.json"
        },
        footerHeading = "%nExamples:%n",
        footer = {"  guard schema > runbook.schema.json"})
final class SchemaCommand implements Callable<Integer> {
    static final String RESOURCE = "/dev/guard/runbook/runbook.schema.json";

    @Spec
    CommandSpec spec;

    static String text() {
        try (InputStream in = SchemaCommand.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("schema resource missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the schema resource", e);
        }
    }

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(text());
        spec.commandLine().getOut().flush();
        return ExitCode.OK;
    }
}
