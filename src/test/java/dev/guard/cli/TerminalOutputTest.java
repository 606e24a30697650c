package dev.guard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.guard.term.ScriptedTerminal;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code list}, {@code validate} and a parameter prompt show of a runbook's own text: escaped. */
class TerminalOutputTest {
    private static final String RUNBOOK = """
            apiVersion: guard/v1
            kind: Runbook
            name: reversed
            description: "Clean up\\u202e gnp.exe, then\\u2028more"
            target: {account: development, region: us-east-1}
            steps:
              - id: delete
                action: s3:DeleteObject
                with: {bucket: guard-protected-artifacts, keys: [a]}
                confirm: typed
            """;

    @Test
    void listNamesARunbookHoldingABidiCharacterAsInvalidAndPrintsNothingATerminalActsOn(@TempDir Path dir)
            throws Exception {
        // Such text is refused in runbooks; what list shows of the file must still be inert.
        Files.writeString(dir.resolve("re\u202eversed.yaml"), RUNBOOK);
        var r = new CliRunner().run("list", dir.toString());
        assertThat(r.out()).contains("re\\u202eversed").contains("INVALID");
        assertInert(r.out() + r.err());
    }

    @Test
    void validateShowsAProblemQuotingRunbookTextEscaped(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("reversed.yaml"), RUNBOOK.replace("target:", "\"tar\\u202eget\": 1\ntarget:"));
        var r = new CliRunner().run("validate", dir.resolve("reversed.yaml").toString());
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.err()).contains("tar\\u202eget");
        assertInert(r.out() + r.err());
    }

    @Test
    void aParameterPromptShowsTheDescriptionEscaped(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("asks.yaml");
        Files.writeString(
                file,
                RUNBOOK.replace("\"Clean up\\u202e gnp.exe, then\\u2028more\"", "plain")
                        .replace("keys: [a]", "keys: [\"${key}\"]")
                        .replace("steps:", "parameters:\n  key: {description: \"C:\\\\the key\"}\nsteps:"));
        var terminal = new ScriptedTerminal(true, "a\\b");
        var r = new CliRunner().terminal(terminal).run("plan", file.toString());
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        // A backslash is shown doubled, so an escape in the text can never pass for one of guard's.
        assertThat(terminal.prompts).singleElement().asString().contains("key — C:\\\\the key");
        assertThat(r.out()).contains("key=a\\\\b");
        terminal.prompts.forEach(TerminalOutputTest::assertInert);
        assertInert(r.out() + r.err());
    }

    private static void assertInert(String printed) {
        printed.codePoints()
                .forEach(c -> assertThat(c != '\n'
                                && (c < 0x20 || Character.getType(c) == Character.FORMAT || c == 0x2028 || c == 0x2029))
                        .as("U+%04X printed", c)
                        .isFalse());
    }
}
