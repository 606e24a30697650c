package dev.guard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.guard.config.Environment;
import dev.guard.term.ScriptedTerminal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.jline.reader.Candidate;
import org.junit.jupiter.api.Test;

/** The shell's completion by position, over fixed runbooks, parameters and live values. */
class ShellCompleterTest {
    private final ShellCompleter completer = new ShellCompleter(
            Main.commandLine(new Context(
                            new Environment(Path.of("").toAbsolutePath(), Map.of(), Path.of("target/test-home")),
                            new ScriptedTerminal(false),
                            false))
                    .getCommandSpec(),
            ShellCompleter.sources(
                    () -> List.of("terminate-dev-instance", "cleanup-dev-instances"),
                    runbook -> runbook.equals("terminate-dev-instance") ? List.of("instanceId") : List.of(),
                    (runbook, parameter) -> parameter.equals("instanceId")
                            ? List.of("i-0a22222222222222a", "i-0a22222222222222b")
                            : List.of(),
                    () -> List.of("development", "production")));

    /** The candidates' values for the line {@code typed}, the last word being completed. */
    private List<String> values(String typed) {
        List<String> words = new ArrayList<>(Arrays.asList(typed.split(" ", -1)));
        String word = words.remove(words.size() - 1);
        List<Candidate> out = new ArrayList<>();
        completer.complete(words, word, out);
        return out.stream().map(Candidate::value).toList();
    }

    @Test
    void accountAliasesForAdHocAccess() {
        assertThat(values("exec --account ")).containsExactly("development", "production");
        assertThat(values("env --read-only --account ")).containsExactly("development", "production");
    }

    @Test
    void firstTheCommandsTheShellOffers() {
        assertThat(values(""))
                .contains("run", "plan", "validate", "whoami", "clear", "exit", "quit")
                .doesNotContain("shell", "sandbox");
        assertThat(values("--no-color ")).contains("run");
    }

    @Test
    void thenRunbookNamesWhereTheCommandTakesARunbook() {
        assertThat(values("run ")).containsExactly("terminate-dev-instance", "cleanup-dev-instances");
        assertThat(values("plan --live ")).containsExactly("terminate-dev-instance", "cleanup-dev-instances");
        assertThat(values("validate ")).contains("terminate-dev-instance");
        // Not a second runbook, and never a command name after a command.
        assertThat(values("run cleanup-dev-instances ")).isEmpty();
        assertThat(values("whoami ")).isEmpty();
    }

    @Test
    void optionsFromTheCommandsOwnModel() {
        assertThat(values("run -"))
                .contains("--param", "-p", "--dry-run", "--yes")
                .doesNotContain("--live");
        assertThat(values("plan -")).contains("--live");
        // An option's value is not mistaken for the runbook.
        assertThat(values("run --lock-timeout 5m ")).contains("terminate-dev-instance");
    }

    @Test
    void afterParamTheParametersOfTheRunbookOnTheLineThenTheirLiveValues() {
        assertThat(values("run terminate-dev-instance -p ")).containsExactly("instanceId=");
        assertThat(values("run terminate-dev-instance --param ")).containsExactly("instanceId=");
        assertThat(values("run -p ")).isEmpty(); // no runbook yet: no names to offer
        assertThat(values("run terminate-dev-instance -p instanceId="))
                .containsExactly("instanceId=i-0a22222222222222a", "instanceId=i-0a22222222222222b");
    }

    @Test
    void anEnumsValuesAndSubcommands() {
        assertThat(values("--output ")).contains("text", "json");
        assertThat(values("audit ")).contains("verify");
    }
}
