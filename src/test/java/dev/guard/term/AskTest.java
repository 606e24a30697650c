package dev.guard.term;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * A typed confirmation forgives a slip: a mistyped word is asked again, up to three tries in all,
 * each retry saying what was wrong; an empty answer, the end of input or Ctrl-C ends it at once.
 */
class AskTest {
    private static final String WHAT = "terminate 1 instance in development (222222222222)";

    @Test
    void aWordTypedInTheWrongCaseIsAskedAgainSayingSoAndTheRightWordThenConfirms() {
        var terminal = ScriptedTerminal.strict(true, "Development", "development");

        assertThat(Ask.typed(terminal, "development", WHAT)).isTrue();
        assertThat(terminal.prompts)
                .containsExactly("Type 'development' to " + WHAT + ": ", "Type 'development' to " + WHAT + ": ");
        assertThat(terminal.printed)
                .containsExactly("'Development' differs from 'development' in upper/lower case; type it exactly;"
                        + " 2 tries left");
    }

    @Test
    void threeWrongWordsDeclineAndAFourthIsNeverAskedFor() {
        var terminal = ScriptedTerminal.strict(true, "develop", "production", "dev", "development");

        assertThat(Ask.typed(terminal, "development", WHAT)).isFalse();
        assertThat(terminal.prompts).hasSize(Ask.TRIES);
        assertThat(terminal.printed)
                .containsExactly(
                        "'develop' is not 'development'; 2 tries left",
                        "'production' is not 'development'; 1 try left");
        assertThat(terminal.answers).containsExactly("development");
    }

    @Test
    void anEmptyAnswerOrTheEndOfInputDeclinesAtOnce() {
        for (ScriptedTerminal terminal :
                new ScriptedTerminal[] {ScriptedTerminal.strict(true, "", "development"), ScriptedTerminal.strict(true)
                }) {
            assertThat(Ask.typed(terminal, "development", WHAT)).isFalse();
            assertThat(terminal.prompts).hasSize(1);
            assertThat(terminal.printed).isEmpty();
        }
        // After a mistyped word, the end of input declines too: it is never taken as a yes.
        var ended = ScriptedTerminal.strict(true, "develpment");
        assertThat(Ask.typed(ended, "development", WHAT)).isFalse();
        assertThat(ended.prompts).hasSize(2);
    }

    @Test
    void ctrlCAtARetryCancelsAsAtTheFirstPrompt() {
        var terminal = ScriptedTerminal.strict(true, "devel", ScriptedTerminal.CTRL_C, "development");

        assertThatThrownBy(() -> Ask.typed(terminal, "development", WHAT)).isInstanceOf(PromptCancelled.class);
        assertThat(terminal.answers).containsExactly("development");
    }

    @Test
    void whatWasTypedIsShownEscapedAndShortened() {
        var terminal = ScriptedTerminal.strict(true, "dev\u001b[2J" + "x".repeat(100), "development");

        assertThat(Ask.typed(terminal, "development", WHAT)).isTrue();
        assertThat(terminal.printed)
                .singleElement()
                .asString()
                .startsWith("'dev\\x1b[2J")
                .doesNotContain("\u001b")
                .contains("…' is not 'development'")
                .hasSizeLessThan(120);
    }
}
